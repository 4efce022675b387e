import {
  ACCESS_TOKEN_ALGORITHM,
  ConfigError,
  SigningKeyStore,
  createTokenVerifier,
  handlerByTopic,
  idempotentHandler,
  loadSchemaFile,
  openSubgraphStore,
  startSubgraphServer,
  type Infrastructure,
  type RunningServer,
} from '@showstream/platform';
import { AccountService } from './accounts/account.service.ts';
import { UserPreferencesSchema, UserSchema } from './accounts/user.entity.ts';
import { passwordSchema } from './accounts/validation.ts';
import { AuditEntrySchema } from './audit/audit-entry.entity.ts';
import { recordAdminAction } from './audit/audit.ts';
import { loadUsersConfig } from './config.ts';
import { createLoaders, type UsersContext } from './context.ts';
import { LoyaltyAccountSchema } from './loyalty/loyalty-account.entity.ts';
import { LoyaltyLedger } from './loyalty/loyalty-ledger.ts';
import { permissions } from './permissions.ts';
import { resolvers } from './resolvers.ts';
import { OidcVerifier } from './social/oidc.ts';
import { SocialLoginSchema } from './social/social-login.entity.ts';
import { SocialLoginService } from './social/social-login.service.ts';
import { RefreshTokenSchema } from './tokens/token.entities.ts';
import { TokenRevocations } from './tokens/token-revocations.ts';
import { TokenService } from './tokens/token.service.ts';
import { Migration20261124000100_users } from '../migrations/Migration20261124000100_users.ts';
import { Migration20261124000400_loyalty_ledger } from '../migrations/Migration20261124000400_loyalty_ledger.ts';
import { Migration20261124000500_audit_log_outcome } from '../migrations/Migration20261124000500_audit_log_outcome.ts';
import { Migration20261203000100_token_revocations } from '../migrations/Migration20261203000100_token_revocations.ts';

export const typeDefs = loadSchemaFile(new URL('../schema.graphql', import.meta.url));

const entities = [
  UserSchema,
  UserPreferencesSchema,
  LoyaltyAccountSchema,
  SocialLoginSchema,
  RefreshTokenSchema,
  AuditEntrySchema,
];
const migrations = [
  { name: 'Migration20261124000100_users', class: Migration20261124000100_users },
  { name: 'Migration20261124000400_loyalty_ledger', class: Migration20261124000400_loyalty_ledger },
  { name: 'Migration20261124000500_audit_log_outcome', class: Migration20261124000500_audit_log_outcome },
  { name: 'Migration20261203000100_token_revocations', class: Migration20261203000100_token_revocations },
];

/** Starts the users subgraph on `infra`: database, signing keys, first super admin, then the server. */
export async function start(infra: Infrastructure): Promise<RunningServer> {
  const config = loadUsersConfig();
  const store = await openSubgraphStore(infra, 'users', { entities, migrations });
  // Retired keys stay published for a day, past the longest access token's life.
  const keys = await new SigningKeyStore(store.orm, {
    algorithm: ACCESS_TOKEN_ALGORITHM,
    retiredPublishedForMs: 24 * 60 * 60 * 1000,
  }).load();
  const tokens = new TokenService(keys, config);
  const oidc = new OidcVerifier(config.OIDC_PROVIDERS);
  const revocations = new TokenRevocations({
    orm: store.orm,
    store: infra.revocations,
    logger: infra.logger,
    accessTokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
  });
  revocations.start(infra.lifecycle);

  const bootstrap = new AccountService(store.orm.em.fork(), tokens, store.outbox, revocations);
  if (config.SUPERADMIN_EMAIL) {
    // A weak or missing bootstrap password is a deployment mistake: refuse to start rather than create it.
    const password = passwordSchema.safeParse(config.SUPERADMIN_PASSWORD ?? '');
    if (!password.success)
      throw new ConfigError(
        `Invalid configuration:\n  SUPERADMIN_PASSWORD: ${password.error.issues.map((issue) => issue.message).join('; ')}`,
      );
    await bootstrap.ensureSuperAdmin(config.SUPERADMIN_EMAIL, password.data);
  } else if (!(await bootstrap.hasActiveSuperAdmin())) {
    // Nobody could grant ADMIN or run the explorer; a deployment that forgot the variables should hear it.
    infra.logger.warn(
      'No super admin exists and SUPERADMIN_EMAIL is not set: nobody can administer this deployment. Set SUPERADMIN_EMAIL and SUPERADMIN_PASSWORD (8 or more characters, with a letter and a digit) and restart the users service to create one.',
    );
  }

  const ledger = new LoyaltyLedger(infra.logger);
  // One consumer group for the service; each job keeps its own inbox. One audit log for the whole
  // supergraph: every subgraph reports its admin actions on audit-events.
  await infra.bus.consume({
    groupId: 'users',
    topics: ['booking-events', 'payment-events', 'audit-events'],
    handler: handlerByTopic({
      // The ledger's one inbox covers both topics.
      'booking-events': idempotentHandler(
        store.orm,
        'users-loyalty',
        (envelope, tx) => ledger.earn(tx, envelope.data),
        { types: ['BookingConfirmed'] },
      ),
      'payment-events': idempotentHandler(
        store.orm,
        'users-loyalty',
        (envelope, tx) => ledger.reverse(tx, envelope.data),
        { types: ['RefundSucceeded'] },
      ),
      'audit-events': idempotentHandler(store.orm, 'users-audit', (envelope, tx) =>
        recordAdminAction(envelope.data, tx),
      ),
    }),
  });

  return startSubgraphServer<UsersContext>({
    name: 'users',
    infra,
    typeDefs,
    resolvers,
    permissions,
    store,
    verifyToken: createTokenVerifier({ keys: keys.keySet, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE }),
    // Role changes write their entry (with the previous role) in the transaction of the change.
    auditedInTransaction: ['setUserRole'],
    createContext: (base, em) => {
      const accounts = new AccountService(em, tokens, store.outbox, revocations);
      return { ...base, em, accounts, social: new SocialLoginService(em, accounts, oidc), loaders: createLoaders(em) };
    },
    publicRoutes: (app) => {
      app.get('/.well-known/jwks.json', (_req, res) => {
        res.set('Cache-Control', 'public, max-age=300').json(keys.jwks);
      });
    },
  });
}
