import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { randomUUID } from 'node:crypto';
import { GraphQLError, buildSchema, printSchema, type GraphQLSchema } from 'graphql';
import {
  REQUEST_ID_HEADER,
  acceptRequestId,
  bodyErrorHandler,
  compressResponses,
  createErrorFormatter,
  createHttpServer,
  accessTokenVerifier,
  graphqlMetricsPlugin,
  graphqlTracingPlugin,
  SERVICE_PORT_OFFSETS,
  TICKET_KEYS_PATH,
  healthRoutes,
  reachable,
  httpMetricsMiddleware,
  routerSecret,
  runInRequestScope,
  serverSpans,
  servicePort,
  subgraphUrl,
  type Infrastructure,
  type RunningServer,
  type SubgraphName,
} from '@showstream/platform';
import { authenticateRequest } from './auth/request-auth.ts';
import { RevokedTokens } from './auth/revoked-tokens.ts';
import type { RouterContext } from './context.ts';
import { GRAPHQL_VARY, cachePolicyPlugin } from './cache-policy.ts';
import { createExplorerRouter } from './explorer/explorer.ts';
import { RouterProtections } from './protections/protections.ts';
import { SubgraphDataSource } from './subgraph-data-source.ts';
import { startSubscriptionServer } from './subscriptions/subscription-server.ts';

const GRAPHQL_PATH = '/graphql';
const SUPERGRAPH_FILE = new URL('../../schema/supergraph.graphql', import.meta.url);
/** Client request bodies: generous for any real operation, small enough to refuse abuse early. */
const MAX_BODY_BYTES = 100 * 1024;
const MAX_WEBSOCKET_MESSAGE_BYTES = 64 * 1024;

/**
 * The router: Apollo Gateway over the checked-in supergraph, with edge token verification,
 * masked errors, the graphql-ws server on the same port and path, and the self-hosted explorer.
 */
export async function startRouter(infra: Infrastructure): Promise<RunningServer> {
  const { config, logger, lifecycle } = infra;
  const secret = routerSecret(config);
  // Unless told not to, the gateway sends usage figures to Apollo's hosted service every hour; this
  // stack is self-hosted, observed through its own metrics and traces, and must work offline.
  process.env.APOLLO_TELEMETRY_DISABLED ??= 'true';
  const protections = new RouterProtections(infra);
  const gateway = new ApolloGateway({
    supergraphSdl: readFileSync(SUPERGRAPH_FILE, 'utf8'),
    buildService: ({ name }) =>
      new SubgraphDataSource({
        name,
        url: subgraphUrl(config, name as SubgraphName),
        routerSecret: secret,
        timeoutMs: protections.config.SUBGRAPH_TIMEOUT_MS,
      }),
    logger: logger.child({ component: 'gateway' }),
  });
  let apiSchema: GraphQLSchema | undefined;
  // A copy for subscriptions: Apollo Server wraps the gateway schema's resolvers for its plugins, which
  // would override the field resolver live events are executed with.
  let liveSchema: GraphQLSchema | undefined;
  gateway.onSchemaLoadOrUpdate(({ apiSchema: schema }) => {
    apiSchema = schema;
    liveSchema = buildSchema(printSchema(schema));
  });

  // Deactivated and demoted users' tokens are refused from the moment the revocation arrives (README, Accounts).
  const revokedTokens = await RevokedTokens.start(infra.revocations);
  const verifyToken = revokedTokens.verifier(accessTokenVerifier(config));
  const app = express();
  app.disable('x-powered-by');
  app.use(httpMetricsMiddleware('router'));
  app.use(compressResponses());
  const httpServer = createHttpServer(app);

  const apollo = new ApolloServer<RouterContext>({
    gateway,
    formatError: createErrorFormatter(logger),
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    // Introspection feeds the explorer; who may introspect is the protections' decision (INTROSPECTION).
    introspection: true,
    ...protections.apolloOptions,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      graphqlMetricsPlugin('router'),
      graphqlTracingPlugin(),
      protections.apolloPlugin,
      cachePolicyPlugin,
    ],
  });
  await apollo.start();

  // Ready once the supergraph is loaded; an unreachable subgraph (its fields fail, the rest answers) or Redis degrades it.
  const subgraphs = Object.keys(SERVICE_PORT_OFFSETS).filter((name): name is SubgraphName => name !== 'router');
  healthRoutes(app, {
    required: { supergraph: async () => apiSchema !== undefined },
    degraded: {
      pubsub: () => infra.pubsub.healthy(),
      ...Object.fromEntries(
        subgraphs.map((name) => [name, reachable(new URL('/health/live', subgraphUrl(config, name)))]),
      ),
    },
  });
  // The ticket keys are public: door scanners fetch them here, where the subgraphs are not reachable.
  app.get(TICKET_KEYS_PATH, async (_req: Request, res: Response) => {
    try {
      const keys = await fetch(new URL(TICKET_KEYS_PATH, subgraphUrl(config, 'booking')), {
        signal: AbortSignal.timeout(protections.config.SUBGRAPH_TIMEOUT_MS),
      });
      if (!keys.ok) throw new Error(`booking answered ${keys.status}`);
      res.set('Cache-Control', keys.headers.get('cache-control') ?? 'no-store').json(await keys.json());
    } catch (error) {
      logger.warn({ err: error }, 'ticket keys are unavailable');
      res.status(503).set('Retry-After', '5').json({ error: 'Ticket keys are temporarily unavailable.' });
    }
  });
  app.use(createExplorerRouter({ graphqlPath: GRAPHQL_PATH, production: config.NODE_ENV === 'production' }));
  app.use(
    GRAPHQL_PATH,
    (req: Request, res: Response, next: NextFunction) => {
      // A person opening the endpoint in a browser gets the explorer rather than a CSRF error (a
      // persisted-query GET has `extensions` and no `query`, and may accept anything, like curl).
      if (
        req.method === 'GET' &&
        req.accepts(['text/html', 'application/json']) === 'text/html' &&
        !req.query.query &&
        !req.query.extensions
      ) {
        return res.redirect('/explorer');
      }
      const requestId = acceptRequestId(req.header(REQUEST_ID_HEADER));
      res.setHeader(REQUEST_ID_HEADER, requestId);
      res.vary(GRAPHQL_VARY);
      res.locals.requestId = requestId;
      runInRequestScope({ requestId }, next);
    },
    // A new trace per client request (a client's own trace context is linked, not joined).
    serverSpans({ trustCallerContext: false }),
    express.json({ limit: MAX_BODY_BYTES }),
    bodyErrorHandler,
    expressMiddleware(apollo, {
      context: ({ req, res }: { req: Request; res: Response }) =>
        authenticateRequest(req, res.locals.requestId as string, verifyToken, protections),
    }),
  );

  startSubscriptionServer({
    httpServer,
    path: GRAPHQL_PATH,
    verifyToken,
    revokedTokens,
    schema: () => liveSchema,
    pubsub: infra.pubsub,
    // Entity fields of live events are fetched through the gateway like any query, as the viewer.
    fetch: async (query, variables, accessToken) => {
      const principal = accessToken ? await verifyToken(accessToken) : undefined;
      const response = await apollo.executeOperation(
        { query, variables },
        {
          contextValue: {
            requestId: randomUUID(),
            internal: true,
            ...(accessToken && principal ? { accessToken, principal } : {}),
          },
        },
      );
      return response.body.kind === 'single'
        ? response.body.singleResult
        : { errors: [new GraphQLError('Unexpected incremental response')] };
    },
    logger,
    lifecycle,
    maxPayloadBytes: MAX_WEBSOCKET_MESSAGE_BYTES,
    protections,
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(servicePort(config, 'router'), config.HOST, resolve);
  });
  lifecycle.onShutdown('router http', () => apollo.stop());
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${port}${GRAPHQL_PATH}`;
  logger.info({ url, explorer: url.replace(GRAPHQL_PATH, '/explorer') }, 'router ready');
  return { url, port };
}
