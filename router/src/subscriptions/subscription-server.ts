import type { Server } from 'node:http';
import {
  GraphQLError,
  getArgumentValues,
  getOperationAST,
  getVariableValues,
  Kind,
  parse,
  validate,
  type ExecutionArgs,
  type GraphQLSchema,
} from 'graphql';
import { WebSocketServer, type WebSocket } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import type { Lifecycle, Logger, Principal, PubSub, TokenVerifier } from '@showstream/platform';
import { authenticate } from '../auth/request-auth.ts';
import { LiveHub, type LiveSubscription } from './live-hub.ts';
import type { GatewayFetch } from './live-group.ts';
import { LIVE_SOURCES } from './live-sources.ts';

/** graphql-ws close codes: 4403 is the protocol's Forbidden; 4401 tells the client its token ran out. */
const CLOSE_TOKEN_EXPIRED = 4401;

interface SocketState {
  principal?: Principal;
  accessToken?: string;
  expiryTimer?: NodeJS.Timeout;
}

export interface SubscriptionServerOptions {
  httpServer: Server;
  path: string;
  verifyToken: TokenVerifier;
  /** The composed API schema, current after every supergraph (re)load. */
  schema: () => GraphQLSchema | undefined;
  pubsub: PubSub;
  /** Runs a query through the gateway for a socket's viewer. */
  fetch: GatewayFetch;
  logger: Logger;
  lifecycle: Lifecycle;
  maxPayloadBytes: number;
}

/**
 * The graphql-ws server on the router's GraphQL port and path. Clients authenticate on
 * `connection_init` with the same bearer token as HTTP (`connectionParams.authorization`); a bad
 * token closes the socket with 4403, and a socket closes when its token expires. Subscription
 * root fields are served from the pub/sub channels their subgraphs publish to (LIVE_SOURCES),
 * grouped so each event is resolved once per distinct operation (LiveHub).
 */
export function startSubscriptionServer(options: SubscriptionServerOptions): { wsServer: WebSocketServer; hub: LiveHub } {
  const wsServer = new WebSocketServer({ server: options.httpServer, path: options.path, perMessageDeflate: false, maxPayload: options.maxPayloadBytes });
  const sockets = new WeakMap<object, SocketState>();
  const log = options.logger.child({ component: 'subscriptions' });
  const hub = new LiveHub(options.pubsub, options.fetch, log);

  const server = useServer<Record<string, unknown> | undefined, { socket: WebSocket }>(
    {
      connectionInitWaitTimeout: 3_000,
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        const header = params.authorization ?? params.Authorization;
        try {
          const { principal, accessToken } = await authenticate(typeof header === 'string' ? header : undefined, options.verifyToken);
          const state: SocketState = principal ? { principal, accessToken } : {};
          if (principal) {
            const msLeft = principal.expiresAt * 1000 - Date.now();
            state.expiryTimer = setTimeout(() => ctx.extra.socket.close(CLOSE_TOKEN_EXPIRED, 'Access token expired'), msLeft).unref();
          }
          sockets.set(ctx.extra.socket, state);
          return true;
        } catch (error) {
          log.info({ err: error }, 'refused websocket connection');
          return false;
        }
      },
      onClose: (ctx) => {
        clearTimeout(sockets.get(ctx.extra.socket)?.expiryTimer);
      },
      onSubscribe: async (ctx, id, payload): Promise<ExecutionArgs | readonly GraphQLError[]> => {
        const schema = options.schema();
        if (!schema) return [new GraphQLError('The supergraph is still loading; retry shortly.')];
        let document;
        try {
          document = parse(payload.query);
        } catch (error) {
          return [error as GraphQLError];
        }
        const errors = validate(schema, document);
        if (errors.length > 0) return errors;
        const operation = getOperationAST(document, payload.operationName);
        if (operation?.operation !== 'subscription') {
          return [new GraphQLError('Only subscriptions are served over WebSocket; send queries and mutations over HTTP.')];
        }
        const [field, ...others] = operation.selectionSet.selections;
        if (!field || field.kind !== Kind.FIELD || others.length > 0) return [new GraphQLError('Subscribe to one field per operation.')];
        const source = LIVE_SOURCES[field.name.value];
        const definition = schema.getSubscriptionType()?.getFields()[field.name.value];
        if (!source || !definition) return [new GraphQLError(`${field.name.value} has no live source.`)];
        const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], payload.variables ?? {});
        if (coerced.errors) return coerced.errors;
        const args = getArgumentValues(definition, field, coerced.coerced);
        const state = sockets.get(ctx.extra.socket) ?? {};
        try {
          await source.authorize?.(state.principal, args, (query, variables) => options.fetch(query, variables, state.accessToken));
        } catch (error) {
          return [error as GraphQLError];
        }
        const live: LiveSubscription = {
          schema,
          document,
          operationName: payload.operationName ?? undefined,
          variables: coerced.coerced,
          fieldName: field.name.value,
          source,
          channel: source.channel(args, state.principal),
          role: state.principal?.role ?? 'ANONYMOUS',
          socket: ctx.extra.socket,
          id,
          ...(state.accessToken ? { accessToken: state.accessToken } : {}),
        };
        return { schema, document, operationName: payload.operationName ?? null, variableValues: coerced.coerced, contextValue: { live } };
      },
      subscribe: (args) => hub.join((args.contextValue as { live: LiveSubscription }).live),
    },
    wsServer,
  );

  options.lifecycle.onShutdown('websocket server', async () => {
    await server.dispose();
    await new Promise<void>((resolve) => wsServer.close(() => resolve()));
  });
  return { wsServer, hub };
}
