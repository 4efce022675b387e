import { Client, cacheExchange, fetchExchange, subscriptionExchange } from 'urql';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { GRAPHQL_PATH, accessToken, onTokenRotated, refresh } from '../auth/session.ts';

/** The router's close codes for a socket whose access token expired, or was refused (revoked: deactivated or demoted). */
const CLOSE_TOKEN_EXPIRED = 4401;
const CLOSE_TOKEN_REFUSED = 4403;

/** How the live connection is doing: shown beside live data, so a frozen seat map never looks current. */
export type LiveStatus = 'idle' | 'connecting' | 'live' | 'reconnecting';

/**
 * One GraphQL client per signed-in identity (a new one on sign-in and sign-out, so no cached
 * data crosses accounts): queries and mutations over HTTP with the bearer token, subscriptions
 * over graphql-ws on the same path with the token in `connectionParams`, as the router expects
 * on `connection_init`.
 */
export class Api {
  readonly client: Client;
  readonly #ws: WsClient;
  #status: LiveStatus = 'idle';
  readonly #statusListeners = new Set<() => void>();
  readonly #reconnectListeners = new Set<() => void>();
  readonly #stopRotation: () => void;

  /** `onExpired`: the router closed the socket because its token ran out (a laptop asleep past the refresh). */
  constructor(onExpired: () => void) {
    const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${GRAPHQL_PATH}`;
    this.#ws = createWsClient({
      url: wsUrl,
      connectionParams: async () => {
        const token = await accessToken();
        return token ? { authorization: `Bearer ${token}` } : {};
      },
      // Stay a moment after the last subscription ends, so moving between live pages reuses the socket.
      lazyCloseTimeout: 3_000,
      keepAlive: 15_000,
      // A browser tab should always come back: network blips, a restarted router, a rotated token.
      retryAttempts: Number.POSITIVE_INFINITY,
      shouldRetry: () => true,
      on: {
        connecting: (isRetry) => this.#setStatus(isRetry ? 'reconnecting' : 'connecting'),
        connected: (_socket, _payload, wasRetry) => {
          this.#setStatus('live');
          // Changes published while we were away are lost: whoever shows live data reloads it.
          if (wasRetry) this.#reconnectListeners.forEach((listener) => listener());
        },
        closed: (event) => {
          const code = (event as { code?: number }).code;
          this.#setStatus(code === 1000 ? 'idle' : 'reconnecting');
          // graphql-ws treats 4401 as final and ends every subscription: start over with a fresh client.
          if (code === CLOSE_TOKEN_EXPIRED) onExpired();
          // A revoked token: refreshing gives one with the account's current role (the rotation then moves
          // the socket to it), or ends the session of a deactivated account — rather than retrying the same token.
          if (code === CLOSE_TOKEN_REFUSED) void refresh();
        },
      },
    });
    // The router closes a socket when its token expires: move to the fresh token before that.
    this.#stopRotation = onTokenRotated(() => this.#ws.terminate());

    const ws = this.#ws;
    this.client = new Client({
      url: GRAPHQL_PATH,
      // POST for every operation: Apollo's CSRF prevention refuses GETs without a preflight header.
      preferGetMethod: false,
      fetch: async (input, init) => {
        const send = (token: string | null) => {
          const headers = new Headers(init?.headers);
          if (token) headers.set('authorization', `Bearer ${token}`);
          return fetch(input, { ...init, headers });
        };
        const token = await accessToken();
        const response = await send(token);
        if (response.status !== 401 || !token) return response;
        // The router refused a token before its expiry: it was revoked (the account deactivated or demoted).
        // A refresh brings a token with the current role, or ends the session; the request is sent once more.
        const renewed = await refresh();
        return renewed && renewed.accessToken !== token ? send(renewed.accessToken) : response;
      },
      exchanges: [
        cacheExchange,
        fetchExchange,
        subscriptionExchange({
          forwardSubscription: (request) => ({
            subscribe: (sink) => ({ unsubscribe: ws.subscribe({ ...request, query: request.query ?? '' }, sink) }),
          }),
        }),
      ],
    });
  }

  #setStatus(status: LiveStatus): void {
    this.#status = status;
    this.#statusListeners.forEach((listener) => listener());
  }

  get status(): LiveStatus {
    return this.#status;
  }

  subscribeStatus = (listener: () => void): (() => void) => {
    this.#statusListeners.add(listener);
    return () => this.#statusListeners.delete(listener);
  };

  /** Called after the socket came back from a drop. */
  onReconnect(listener: () => void): () => void {
    this.#reconnectListeners.add(listener);
    return () => this.#reconnectListeners.delete(listener);
  }

  dispose(): void {
    this.#stopRotation();
    // graphql-ws's dispose awaits a connection attempt in progress, which is refused ({ code: 1000, reason:
    // 'All Subscriptions Gone' }) when the client was waiting to retry with nothing subscribed any more — as
    // after a revoked token signed the page out. Nothing is left to close then; it must not surface as an
    // unhandled rejection.
    Promise.resolve(this.#ws.dispose()).catch(() => undefined);
  }
}
