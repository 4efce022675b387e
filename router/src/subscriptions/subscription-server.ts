import type { Server } from 'node:http';
import {
  GraphQLError,
  getArgumentValues,
  getOperationAST,
  getVariableValues,
  Kind,
  type ExecutionArgs,
  type GraphQLSchema,
} from 'graphql';
import { WebSocketServer } from 'ws';
import { useServer, type Extra } from 'graphql-ws/use/ws';
import {
  ErrorCode,
  createErrorFormatter,
  type Lifecycle,
  type Logger,
  type Principal,
  type PubSub,
  type TokenVerifier,
} from '@showstream/platform';
import { authenticate } from '../auth/request-auth.ts';
import type { RevokedTokens } from '../auth/revoked-tokens.ts';
import { CLOSE_TOO_MANY_CONNECTIONS } from '../protections/connection-caps.ts';
import type { RouterProtections } from '../protections/protections.ts';
import { LiveHub, type LiveSubscription } from './live-hub.ts';
import type { GatewayFetch } from './gateway-fetch.ts';
import { LIVE_FIELDS, authorizeLive, liveChannel } from './live-sources.ts';

/** graphql-ws close codes: 4403 is the protocol's Forbidden; 4401 tells the client its token ran out. */
const CLOSE_TOKEN_EXPIRED = 4401;
/** A token revoked while its socket is open (its user deactivated or demoted) gets what it would get on `connection_init`. */
const CLOSE_TOKEN_REVOKED = 4403;

interface SocketState {
  principal?: Principal;
  accessToken?: string;
  clientIp?: string;
  expiryTimer?: NodeJS.Timeout;
}

const coded = (code: string, message: string) => new GraphQLError(message, { extensions: { code } });

export interface SubscriptionServerOptions {
  httpServer: Server;
  path: string;
  verifyToken: TokenVerifier;
  /** Closes a socket whose token is revoked while it is open. */
  revokedTokens: RevokedTokens;
  /** The composed API schema, current after every supergraph (re)load. */
  schema: () => GraphQLSchema | undefined;
  pubsub: PubSub;
  /** Runs a query through the gateway for a socket's viewer. */
  fetch: GatewayFetch;
  logger: Logger;
  lifecycle: Lifecycle;
  /** A larger message closes the socket with 1009 (Message Too Big). */
  maxPayloadBytes: number;
  protections: RouterProtections;
}

/**
 * The graphql-ws server on the router's GraphQL port and path. Clients authenticate on
 * `connection_init` with the same bearer token as HTTP (`connectionParams.authorization`); a bad
 * token closes the socket with 4403, and a socket closes when its token expires (4401) or is
 * revoked (4403: its user was deactivated or demoted). Subscription
 * root fields are served from the pub/sub channels their subgraphs publish to (LIVE_FIELDS, declared by each owning subgraph),
 * grouped so each event is resolved once per distinct operation (LiveHub). The router's
 * protections apply as over HTTP (RouterProtections.checkSubscription), plus caps on connections
 * per address and per user (1013 Try Again Later) and on subscriptions per connection.
 */
export function startSubscriptionServer(options: SubscriptionServerOptions): {
  wsServer: WebSocketServer;
  hub: LiveHub;
} {
  const wsServer = new WebSocketServer({
    server: options.httpServer,
    path: options.path,
    perMessageDeflate: false,
    maxPayload: options.maxPayloadBytes,
  });
  const sockets = new WeakMap<object, SocketState>();
  const log = options.logger.child({ component: 'subscriptions' });
  const hub = new LiveHub(options.pubsub, options.fetch, log);
  const { protections } = options;
  const formatError = createErrorFormatter(log);

  const server = useServer<Record<string, unknown> | undefined, Extra & Record<PropertyKey, unknown>>(
    {
      connectionInitWaitTimeout: 3_000,
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        const header = params.authorization ?? params.Authorization;
        const { socket, request } = ctx.extra;
        try {
          const { principal, accessToken } = await authenticate(
            typeof header === 'string' ? header : undefined,
            options.verifyToken,
          );
          if (principal && !protections.caps.admitUser(principal.userId, socket)) {
            // Closed here with its own code; graphql-ws's 4403 for `false` then finds the socket already closing.
            socket.close(CLOSE_TOO_MANY_CONNECTIONS, 'Too many connections for this user');
            return false;
          }
          const state: SocketState = {
            clientIp: protections.clientAddress(request),
            ...(principal ? { principal, accessToken } : {}),
          };
          if (principal) {
            const msLeft = principal.expiresAt * 1000 - Date.now();
            state.expiryTimer = setTimeout(
              () => socket.close(CLOSE_TOKEN_EXPIRED, 'Access token expired'),
              msLeft,
            ).unref();
            socket.once(
              'close',
              options.revokedTokens.watch(principal, () => socket.close(CLOSE_TOKEN_REVOKED, 'Access token revoked')),
            );
          }
          sockets.set(socket, state);
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
        if (!schema) return [coded(ErrorCode.SERVICE_UNAVAILABLE, 'The supergraph is still loading; retry shortly.')];
        // graphql-ws has already entered this one.
        if (Object.keys(ctx.subscriptions).length > protections.config.WS_MAX_SUBSCRIPTIONS_PER_CONNECTION) {
          const max = protections.config.WS_MAX_SUBSCRIPTIONS_PER_CONNECTION;
          return [
            coded(
              ErrorCode.TOO_MANY_SUBSCRIPTIONS,
              `A connection may hold ${max} subscriptions; complete one first or open another connection.`,
            ),
          ];
        }
        const state = sockets.get(ctx.extra.socket) ?? {};
        const checked = await protections.checkSubscription(schema, payload, state);
        if ('errors' in checked) return checked.errors;
        const { document } = checked;
        const operation = getOperationAST(document, payload.operationName);
        if (operation?.operation !== 'subscription') {
          return [
            coded('BAD_REQUEST', 'Only subscriptions are served over WebSocket; send queries and mutations over HTTP.'),
          ];
        }
        const [field, ...others] = operation.selectionSet.selections;
        if (!field || field.kind !== Kind.FIELD || others.length > 0)
          return [coded('BAD_REQUEST', 'Subscribe to one field per operation.')];
        const source = LIVE_FIELDS[field.name.value];
        const definition = schema.getSubscriptionType()?.getFields()[field.name.value];
        if (!source || !definition) return [coded('BAD_REQUEST', `${field.name.value} has no live source.`)];
        const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], payload.variables ?? {});
        if (coerced.errors)
          return coerced.errors.map(
            (error) => new GraphQLError(error.message, { extensions: { code: ErrorCode.BAD_USER_INPUT } }),
          );
        const args = getArgumentValues(definition, field, coerced.coerced);
        try {
          await authorizeLive(field.name.value, source, state.principal, args, (query, variables) =>
            options.fetch(query, variables, state.accessToken),
          );
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
          channel: liveChannel(source, args, state.principal),
          role: state.principal?.role ?? 'ANONYMOUS',
          socket: ctx.extra.socket,
          id,
          ...(state.accessToken ? { accessToken: state.accessToken } : {}),
        };
        return {
          schema,
          document,
          operationName: payload.operationName ?? null,
          variableValues: coerced.coerced,
          contextValue: { live },
        };
      },
      // Errors reach clients as over HTTP: with a stable code, nothing internal, and schema hints only for those who may introspect.
      onError: (ctx, _id, _payload, errors) =>
        protections.errorsFor(
          sockets.get(ctx.extra.socket) ?? {},
          errors.map((error) => formatError(error.toJSON(), error)),
        ),
      subscribe: (args) => hub.join((args.contextValue as { live: LiveSubscription }).live),
    },
    wsServer,
  );

  // Registered after graphql-ws's own listener, so these run after it has set the socket up.
  wsServer.on('connection', (socket, request) => {
    // ws closes a socket itself on a protocol error, with the fitting code (1009 for a message over
    // maxPayload); graphql-ws's listener would log it to the console as an internal error.
    socket.removeAllListeners('error');
    socket.on('error', (error) => log.info({ err: error }, 'websocket protocol error; closed'));
    if (!protections.caps.admitAddress(protections.clientAddress(request), socket)) {
      socket.close(CLOSE_TOO_MANY_CONNECTIONS, 'Too many connections from this address');
    }
  });

  options.lifecycle.onShutdown('websocket server', async () => {
    await server.dispose();
    await new Promise<void>((resolve) => wsServer.close(() => resolve()));
  });
  return { wsServer, hub };
}
