import { describe, expect, it } from '@jest/globals';
import WebSocket from 'ws';
import { createClient } from 'graphql-ws';
import {
  TEST_PORT_BASE,
  errorCode,
  graphqlClient,
  metricsUrl,
  registerUser,
  testEnvironment,
} from '@showstream/testkit';

const env = testEnvironment();
const request = graphqlClient(env.routerUrl);
const base = `http://127.0.0.1:${TEST_PORT_BASE}`;

async function post(body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  const response = await fetch(env.routerUrl, { method: 'POST', headers, body });
  return {
    status: response.status,
    body: (await response.json()) as { errors?: { message: string; extensions?: { code?: string } }[] },
  };
}

/** Connects a graphql-ws client and resolves with how the connection ended up. */
function connect(connectionParams: Record<string, unknown>): Promise<{ acknowledged: boolean; closeCode?: number }> {
  return new Promise((resolve) => {
    const client = createClient({
      url: env.routerUrl.replace('http', 'ws'),
      webSocketImpl: WebSocket,
      connectionParams,
      retryAttempts: 0,
      lazy: false,
      on: {
        connected: () => {
          resolve({ acknowledged: true });
          void client.dispose();
        },
        closed: (event) => resolve({ acknowledged: false, closeCode: (event as { code: number }).code }),
      },
      onNonLazyError: () => undefined,
    });
  });
}

describe('router edge', () => {
  it('answers invalid JSON and oversized bodies with GraphQL errors and keeps serving', async () => {
    const invalid = await post('{"query": ');
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors![0]!.extensions!.code).toBe('BAD_REQUEST');

    const huge = await post(JSON.stringify({ query: `{ me { id } } #${'x'.repeat(200 * 1024)}` }));
    expect(huge.status).toBe(413);
    expect(huge.body.errors![0]!.extensions!.code).toBe('PAYLOAD_TOO_LARGE');

    const after = await request('{ me { id } }');
    expect(after.errors).toBeUndefined();
  });

  it('blocks simple (CSRF-able) requests', async () => {
    const response = await fetch(`${env.routerUrl}?query=${encodeURIComponent('{ me { id } }')}`);
    expect(response.status).toBe(400);
    const preflighted = await fetch(`${env.routerUrl}?query=${encodeURIComponent('{ me { id } }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(preflighted.status).toBe(200);
  });

  it('refuses array batches', async () => {
    const response = await post(JSON.stringify([{ query: '{ me { id } }' }, { query: '{ me { id } }' }]));
    expect(response.status).toBe(400);
  });

  it('reports validation errors with a code and no internals', async () => {
    const response = await request('{ me { passwordHash } }');
    expect(errorCode(response)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(JSON.stringify(response)).not.toMatch(/stacktrace|at .*\.ts:|postgres|127\.0\.0\.1:41/i);
  });

  it('does not let a client pose as the router or as another user through headers', async () => {
    const response = await request(
      '{ me { id } }',
      {},
      { headers: { 'x-router-secret': 'guess', 'x-user-id': 'someone' } },
    );
    expect(response.data!.me).toBeNull();
  });

  it('serves health, metrics and a self-hosted explorer', async () => {
    expect((await fetch(`${base}/health`)).status).toBe(200);
    const metrics = await (await fetch(metricsUrl('router'))).text();
    expect(metrics).toContain('graphql_operations_total');
    // On a listener of their own, never on the public port.
    expect((await fetch(`${base}/metrics`)).status).toBe(404);
    const explorer = await fetch(`${base}/explorer`);
    expect(explorer.status).toBe(200);
    const html = await explorer.text();
    expect(html).not.toMatch(/https?:\/\/(?!localhost|127\.0\.0\.1)[a-z0-9.-]+\.[a-z]{2,}\//i);
    expect(explorer.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('reports rate, errors and duration per operation and per subgraph', async () => {
    // A sample's value by metric name and labels (in any order), 0 when it is not there yet.
    const sample = (metrics: string, name: string, labels: Record<string, string>) => {
      const line = metrics
        .split('\n')
        .find(
          (candidate) =>
            candidate.startsWith(`${name}{`) &&
            Object.entries(labels).every(([key, value]) => candidate.includes(`${key}="${value}"`)),
        );
      return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
    };
    const scrape = async () => (await fetch(metricsUrl('router'))).text();
    const before = await scrape();
    expect((await request('query MetricsProbe { me { id } }')).errors).toBeUndefined();
    const after = await scrape();

    const operation = { service: 'router', operation: 'MetricsProbe', type: 'query' };
    expect(sample(after, 'graphql_operations_total', { ...operation, outcome: 'success' })).toBe(
      sample(before, 'graphql_operations_total', { ...operation, outcome: 'success' }) + 1,
    );
    expect(sample(after, 'graphql_operation_duration_seconds_count', operation)).toBe(
      sample(before, 'graphql_operation_duration_seconds_count', operation) + 1,
    );
    // Other tests run beside this one, so the subgraph's figures only have to grow.
    expect(sample(after, 'router_subgraph_requests_total', { subgraph: 'users', outcome: 'success' })).toBeGreaterThan(
      sample(before, 'router_subgraph_requests_total', { subgraph: 'users', outcome: 'success' }),
    );
    expect(sample(after, 'router_subgraph_request_duration_seconds_count', { subgraph: 'users' })).toBeGreaterThan(
      sample(before, 'router_subgraph_request_duration_seconds_count', { subgraph: 'users' }),
    );
  });
});

describe('WebSocket connection_init authentication', () => {
  it('accepts a valid token and anonymous connections', async () => {
    const user = await registerUser(request, 'socket');
    expect(await connect({ authorization: `Bearer ${user.accessToken}` })).toEqual({ acknowledged: true });
    expect(await connect({})).toEqual({ acknowledged: true });
  });

  it.each([
    ['forged', 'Bearer eyJhbGciOiJFUzI1NiIsImtpZCI6IngifQ.eyJzdWIiOiJ4In0.c2ln'],
    ['malformed', 'Token nope'],
  ])('closes the socket with 4403 for a %s token', async (_label, authorization) => {
    expect(await connect({ authorization })).toEqual({ acknowledged: false, closeCode: 4403 });
  });
});
