import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema, type GraphQLResolverMap } from '@apollo/subgraph';
import type { DocumentNode } from 'graphql';
import { ROUTER_SECRET_HEADER, routerSecret } from '../config/config.ts';
import { servicePort, type SubgraphName } from '../config/ports.ts';
import { createErrorFormatter } from '../errors/errors.ts';
import { acceptRequestId, REQUEST_ID_HEADER, runInRequestScope } from '../logging/request-context.ts';
import { bearerToken, type TokenVerifier } from '../auth/tokens.ts';
import { applyPermissions, type PermissionOptions } from '../permissions/permissions.ts';
import type { Infrastructure } from '../infrastructure.ts';
import type { EntityManager } from '../db/database.ts';
import type { SubgraphStore } from '../service/subgraph-store.ts';
import type { BaseContext } from './base-context.ts';
import { bodyErrorHandler, sendGraphQLError } from './json-errors.ts';
import { INTERNAL_API_PREFIX, internalRouter, type InternalRoutes } from './internal-api.ts';
import { createHttpServer } from './http-server.ts';
import { healthRoutes, type HealthChecks } from './health.ts';
import { graphqlMetricsPlugin, httpMetricsMiddleware } from './metrics.ts';
import { auditPlugin } from '../audit/audit-plugin.ts';
import { graphqlTracingPlugin, serverSpans } from '../telemetry/server-spans.ts';

export { ROUTER_SECRET_HEADER };

export interface SubgraphServerOptions<TContext extends BaseContext> {
  name: SubgraphName;
  infra: Infrastructure;
  typeDefs: DocumentNode;
  /** Typed where they are declared, by the subgraph's generated `Resolvers` (src/generated/resolvers.ts). */
  resolvers: object;
  permissions: PermissionOptions;
  verifyToken: TokenVerifier;
  /** The subgraph's database and outbox: its health, and a fresh EntityManager for every request. */
  store: SubgraphStore;
  createContext: (base: BaseContext, em: EntityManager) => TContext | Promise<TContext>;
  /**
   * Reported by readiness beside the database, the event bus and the outbox: dependencies the subgraph
   * answers without, at reduced function (e.g. pub/sub for live changes), so they degrade it, never fail it.
   */
  extraHealthChecks?: HealthChecks;
  /** Reported by readiness as they are, changing no status (see ReadinessChecks.notices). */
  readinessNotices?: Record<string, string>;
  /** Routes served beside GraphQL without the router secret (JWKS, webhooks). */
  publicRoutes?: (app: Express) => void;
  /** Mutations that write their own, richer audit entry in the transaction of their change. */
  auditedInTransaction?: readonly string[];
  /** Facts this subgraph owns, answered to other services under INTERNAL_API_PREFIX behind the router secret (see internal-api.ts). */
  internalRoutes?: InternalRoutes;
}

export interface RunningServer {
  url: string;
  port: number;
}

function secretMatches(expected: string, actual: string | undefined): boolean {
  if (!actual) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(actual);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The one way a subgraph is served: health, HTTP and operation metrics (scraped from the process's
 * own listener, metrics-server.ts), the router-secret gate, body limits, token verification, shield
 * permissions with deny by default, masked errors, the audit of admin actions, and a graceful drain
 * on shutdown. Every subgraph looks the same from outside because it is built here.
 */
export async function startSubgraphServer<TContext extends BaseContext>(
  options: SubgraphServerOptions<TContext>,
): Promise<RunningServer> {
  const { infra, name } = options;
  const logger = infra.logger;
  const app = express();
  app.disable('x-powered-by');
  app.use(httpMetricsMiddleware(name));
  const { store } = options;
  // Without its database a subgraph cannot answer; without Kafka its writes still commit and their events wait in the outbox.
  healthRoutes(app, {
    required: { database: () => store.orm.isConnected() },
    degraded: {
      events: () => infra.bus.healthy(),
      outbox: async () => store.relay.publishing,
      ...options.extraHealthChecks,
    },
    notices: options.readinessNotices,
  });
  options.publicRoutes?.(app);

  const httpServer = createHttpServer(app);
  const schema = applyPermissions(
    buildSubgraphSchema([{ typeDefs: options.typeDefs, resolvers: options.resolvers as GraphQLResolverMap<unknown> }]),
    options.permissions,
  );
  const apollo = new ApolloServer<TContext>({
    schema,
    formatError: createErrorFormatter(logger),
    includeStacktraceInErrorResponses: false,
    introspection: infra.config.NODE_ENV !== 'production',
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      // Inline traces feed Apollo's hosted GraphOS, which this stack does not use.
      ApolloServerPluginInlineTraceDisabled(),
      graphqlMetricsPlugin(name),
      graphqlTracingPlugin(),
      auditPlugin(name, store, options.auditedInTransaction),
    ],
  });
  await apollo.start();

  const secret = routerSecret(infra.config);
  const routerOnly = (req: Request, res: Response, next: NextFunction) => {
    // Only the router (and, on the internal API, sibling services) may call a subgraph: clients could otherwise reach `_entities` directly.
    if (!secretMatches(secret, req.header(ROUTER_SECRET_HEADER))) {
      return sendGraphQLError(res, 403, 'FORBIDDEN', 'This endpoint only serves the ShowStream router.');
    }
    const requestId = acceptRequestId(req.header(REQUEST_ID_HEADER));
    res.setHeader(REQUEST_ID_HEADER, requestId);
    res.locals.requestId = requestId;
    runInRequestScope({ requestId }, next);
  };
  if (options.internalRoutes) {
    app.use(
      INTERNAL_API_PREFIX,
      routerOnly,
      serverSpans({ trustCallerContext: true }),
      internalRouter(options.internalRoutes, logger),
    );
  }
  app.use(
    '/graphql',
    routerOnly,
    // The router's trace context is trusted only here, past the secret check.
    serverSpans({ trustCallerContext: true }),
    express.json({ limit: '1mb' }),
    bodyErrorHandler,
    expressMiddleware(apollo, {
      context: async ({ req, res }: { req: Request; res: Response }) => {
        const requestId = res.locals.requestId as string;
        // Identity comes only from a token this subgraph verifies itself, never from a header the router could be fooled into passing.
        const token = bearerToken(req.header('authorization'));
        const principal = token ? await options.verifyToken(token) : undefined;
        // The logger adds the request id (and trace ids) itself, from the request scope this runs in.
        return options.createContext({ requestId, logger, ...(principal ? { principal } : {}) }, store.orm.em.fork());
      },
    }),
  );

  const port = servicePort(infra.config, name);
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, infra.config.HOST, resolve);
  });
  const actualPort = (httpServer.address() as AddressInfo).port;
  infra.lifecycle.onShutdown(`${name} http`, () => apollo.stop());
  const url = `http://${infra.config.HOST}:${actualPort}/graphql`;
  logger.info({ url }, `${name} subgraph ready`);
  return { url, port: actualPort };
}
