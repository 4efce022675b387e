import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { forbidden, unauthenticated, type EntityManager } from '@showstream/platform';
import type { AccountService, AuthResult } from '../accounts/account.service.ts';
import { UserSchema } from '../accounts/user.entity.ts';
import type { OidcVerifier } from './oidc.ts';
import { SocialLoginSchema } from './social-login.entity.ts';

/**
 * Sign-in with a provider's id token: a known provider identity signs its user in; otherwise a
 * verified email links to the existing account, and a new email creates one. An unverified
 * email never links, or anyone could take over an account by claiming its address.
 */
export class SocialLoginService {
  readonly #em: EntityManager;
  readonly #accounts: AccountService;
  readonly #oidc: OidcVerifier;

  constructor(em: EntityManager, accounts: AccountService, oidc: OidcVerifier) {
    this.#em = em;
    this.#accounts = accounts;
    this.#oidc = oidc;
  }

  async login(provider: string, idToken: string): Promise<AuthResult> {
    const identity = await this.#oidc.verify(provider, idToken);
    const userId = await this.#findOrCreateUser(identity).catch(async (error) => {
      // Two first sign-ins racing: the loser finds what the winner linked.
      if (error instanceof UniqueConstraintViolationException) return this.#findOrCreateUser(identity);
      throw error;
    });
    const user = await this.#em.fork().findOneOrFail(UserSchema, { id: userId });
    if (!user.isActive) throw forbidden('This account has been deactivated.');
    return this.#accounts.signIn(user, `oidc:${provider}`);
  }

  #findOrCreateUser(identity: Awaited<ReturnType<OidcVerifier['verify']>>): Promise<string> {
    return this.#em.fork().transactional(async (tx) => {
      const linked = await tx.findOne(SocialLoginSchema, {
        provider: identity.provider,
        providerUserId: identity.subject,
      });
      if (linked) return linked.userId;
      if (!identity.email || !identity.emailVerified) {
        throw unauthenticated(
          `${identity.provider} did not confirm an email address for this account; sign in with your password instead.`,
        );
      }
      const existing = await tx.findOne(UserSchema, { email: identity.email });
      const user =
        existing ??
        (await this.#accounts.createAccount(
          tx,
          {
            email: identity.email,
            passwordHash: null,
            firstName: identity.givenName ?? null,
            lastName: identity.familyName ?? null,
          },
          `oidc:${identity.provider}`,
        ));
      tx.create(SocialLoginSchema, { userId: user.id, provider: identity.provider, providerUserId: identity.subject });
      await tx.flush();
      return user.id;
    });
  }
}
