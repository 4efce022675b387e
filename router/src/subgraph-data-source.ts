import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { Counter, Histogram } from 'prom-client';
import {
  REQUEST_ID_HEADER,
  ROUTER_SECRET_HEADER,
  metricsRegistry,
  serviceUnavailable,
  traceContextHeaders,
} from '@showstream/platform';
import type { RouterContext } from './context.ts';
import { SubgraphFetcher } from './subgraph-fetcher.ts';

/** Rate, errors and duration of the router's requests to each subgraph: which subgraph is slow or failing. */
const subgraphRequests = new Counter({
  name: 'router_subgraph_requests_total',
  help: 'Requests from the router to a subgraph by outcome: success, error (answered with GraphQL errors) or failure (no GraphQL answer: unreachable, timed out, HTTP error)',
  labelNames: ['subgraph', 'outcome'],
  registers: [metricsRegistry],
});

const subgraphDuration = new Histogram({
  name: 'router_subgraph_request_duration_seconds',
  help: 'Duration of requests from the router to a subgraph',
  labelNames: ['subgraph'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metricsRegistry],
});

/**
 * How the router calls a subgraph. Only the headers set here are sent, so nothing a client
 * sends (identity headers included) reaches a subgraph except the bearer token, which the
 * subgraph verifies itself.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<RouterContext> {
  readonly #name: string;
  readonly #routerSecret: string;

  constructor({
    name,
    url,
    routerSecret,
    timeoutMs,
  }: {
    name: string;
    url: string;
    routerSecret: string;
    timeoutMs: number;
  }) {
    // undici retires an idle socket before the subgraph's keep-alive timeout closes it; the gateway's
    // default fetcher keeps idle sockets forever and now and then sends a request down one the server
    // is just closing ("socket hang up"). A subgraph that does not answer within `timeoutMs` (hung,
    // not dead) fails like an unreachable one instead of holding the request. (The gateway always
    // sends a JSON string body and its headers as a plain object.)
    const fetcher = new SubgraphFetcher(timeoutMs);
    super({ url, fetcher: (input, init) => fetcher.fetch(input, init as Parameters<SubgraphFetcher['fetch']>[1]) });
    this.#name = name;
    this.#routerSecret = routerSecret;
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<RouterContext>): void {
    // RemoteGraphQLDataSource fills `http` before this hook; without it there is nowhere to put the secret.
    if (!request.http) throw new Error(`the request to ${this.#name} has no HTTP part`);
    const { headers } = request.http;
    headers.set(ROUTER_SECRET_HEADER, this.#routerSecret);
    if (context.requestId) headers.set(REQUEST_ID_HEADER, context.requestId);
    if (context.accessToken) headers.set('authorization', `Bearer ${context.accessToken}`);
    // The gateway's own `gateway.fetch` span is active here: the subgraph's server span becomes its child.
    for (const [name, value] of Object.entries(traceContextHeaders())) headers.set(name, value);
  }

  /**
   * A subgraph that cannot be reached (refused, reset, timed out, or a proxy's 502/503/504 in front of it) fails
   * only its part of the query, with a stable code and nothing internal (no URL or socket error);
   * the gateway still answers the rest. The failure is counted in router_subgraph_requests_total.
   */
  override didEncounterError(...[error, , response]: Parameters<RemoteGraphQLDataSource['didEncounterError']>): void {
    if (!response || [502, 503, 504].includes(response.status))
      throw serviceUnavailable(`The ${this.#name} service is unavailable; try again shortly.`);
    throw error;
  }

  override async process(options: GraphQLDataSourceProcessOptions<RouterContext>) {
    const stop = subgraphDuration.startTimer({ subgraph: this.#name });
    let outcome = 'failure';
    try {
      const response = await super.process(options);
      outcome = response.errors?.length ? 'error' : 'success';
      return response;
    } finally {
      stop();
      subgraphRequests.inc({ subgraph: this.#name, outcome });
    }
  }
}
