import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { REQUEST_ID_HEADER, ROUTER_SECRET_HEADER } from '@showstream/platform';
import type { RouterContext } from './context.ts';

/**
 * How the router calls a subgraph. Only the headers set here are sent, so nothing a client
 * sends (identity headers included) reaches a subgraph except the bearer token, which the
 * subgraph verifies itself.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<RouterContext> {
  readonly #routerSecret: string;

  constructor(url: string, routerSecret: string) {
    // Node's fetch (undici) retires an idle socket before the subgraph's keep-alive timeout closes
    // it; the gateway's default fetcher keeps idle sockets forever and now and then sends a request
    // down one the server is just closing ("socket hang up").
    // (The gateway always sends a JSON string body, which both fetch types accept.)
    super({ url, fetcher: (input, init) => fetch(input, init as RequestInit) });
    this.#routerSecret = routerSecret;
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<RouterContext>): void {
    const headers = request.http!.headers;
    headers.set(ROUTER_SECRET_HEADER, this.#routerSecret);
    if (context.requestId) headers.set(REQUEST_ID_HEADER, context.requestId);
    if (context.accessToken) headers.set('authorization', `Bearer ${context.accessToken}`);
  }
}
