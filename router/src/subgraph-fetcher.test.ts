import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SubgraphFetcher } from './subgraph-fetcher.ts';

/** A subgraph stand-in over real HTTP that answers slowly, so concurrent requests overlap, and counts what arrives. */
const received: { authorization: string | undefined; body: string }[] = [];
const server = createServer(async (request: IncomingMessage, response) => {
  let body = '';
  for await (const chunk of request) body += chunk;
  received.push({ authorization: request.headers.authorization, body });
  await new Promise((resolve) =>
    setTimeout(resolve, request.headers.authorization === 'Bearer hung' ? 4_000 : 50).unref(),
  );
  response.setHeader('content-type', 'application/json');
  response.setHeader('cache-control', 'max-age=30, public');
  response.end(JSON.stringify({ data: { seen: received.length } }));
});
let url = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const query = JSON.stringify({ query: 'query Shows__catalog__0{shows{id}}', variables: {} });
const mutation = JSON.stringify({ query: 'mutation Lock__inventory__0{lockSeats{id}}', variables: {} });
const send = (fetcher: SubgraphFetcher, body: string, token?: string) =>
  fetcher.fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });

describe('the router reaching a subgraph', () => {
  it('shares one request among identical reads in flight for the same caller, each with its own copy of the answer', async () => {
    const fetcher = new SubgraphFetcher(5_000);
    received.length = 0;
    const responses = await Promise.all(Array.from({ length: 10 }, () => send(fetcher, query, 'alice')));
    expect(received).toHaveLength(1);
    const bodies = await Promise.all(responses.map((response) => response.json()));
    expect(new Set(bodies.map((body) => JSON.stringify(body)))).toEqual(
      new Set([JSON.stringify({ data: { seen: 1 } })]),
    );
    expect(responses[0]!.headers.get('cache-control')).toBe('max-age=30, public');
    // Once answered, the next read goes to the subgraph again: nothing is cached.
    await send(fetcher, query, 'alice');
    expect(received).toHaveLength(2);
  });

  it('never shares between callers with different tokens, or with an anonymous caller', async () => {
    const fetcher = new SubgraphFetcher(5_000);
    received.length = 0;
    await Promise.all([send(fetcher, query, 'alice'), send(fetcher, query, 'bob'), send(fetcher, query)]);
    expect(received.map((request) => request.authorization ?? 'none').sort()).toEqual([
      'Bearer alice',
      'Bearer bob',
      'none',
    ]);
  });

  it('never shares mutations', async () => {
    const fetcher = new SubgraphFetcher(5_000);
    received.length = 0;
    await Promise.all(Array.from({ length: 3 }, () => send(fetcher, mutation, 'alice')));
    expect(received).toHaveLength(3);
  });

  it('fails a subgraph that does not answer in time, without waiting for it', async () => {
    // undici's header timer ticks about every half second: a second's timeout fires within two.
    const fetcher = new SubgraphFetcher(1_000);
    const started = performance.now();
    await expect(send(fetcher, query, 'hung')).rejects.toThrow();
    expect(performance.now() - started).toBeLessThan(3_000);
  });
});
