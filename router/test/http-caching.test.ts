import { readFileSync } from 'node:fs';
import { getIntrospectionQuery } from 'graphql';
import { beforeAll, describe, expect, it } from '@jest/globals';
import {
  SUPERADMIN,
  graphqlClient,
  loginAs,
  registerUser,
  showWithSeats,
  testEnvironment,
  type TestUser,
} from '@showstream/testkit';

/**
 * HTTP caching of GraphQL answers: persisted-query GETs of public catalogue reads may be kept by a
 * CDN for a minute, varying on who asks; anything signed in is private, anything else no-store.
 * And answers are compressed for clients that accept it.
 */
const { routerUrl } = testEnvironment();
const request = graphqlClient(routerUrl);
const manifest = JSON.parse(
  readFileSync(new URL('../../client-ops/generated/persisted-operations.json', import.meta.url), 'utf8'),
) as {
  operations: { id: string; name: string; body: string }[];
};
const idOf = (name: string) => manifest.operations.find((operation) => operation.name === name)!.id;

let admin: TestUser;
let user: TestUser;
let showId: string;

beforeAll(async () => {
  admin = await loginAs(request, SUPERADMIN.email, SUPERADMIN.password);
  user = await registerUser(request, 'caching');
  showId = await showWithSeats(request, admin.accessToken, 72, 'Caching Hall');
}, 60_000);

/** A persisted query by id over GET, as Apollo clients send one (with the CSRF-prevention header). */
async function persistedGet(name: string, variables: Record<string, unknown> = {}, token?: string) {
  const url = new URL(routerUrl);
  url.searchParams.set('operationName', name);
  url.searchParams.set('variables', JSON.stringify(variables));
  url.searchParams.set('extensions', JSON.stringify({ persistedQuery: { version: 1, sha256Hash: idOf(name) } }));
  const response = await fetch(url, {
    headers: { 'apollo-require-preflight': 'true', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
  const body = (await response.json()) as { data?: Record<string, any>; errors?: unknown[] };
  expect(body.errors).toBeUndefined();
  return { response, body };
}

const vary = (response: { headers: Headers }) =>
  (response.headers.get('vary') ?? '').split(',').map((name) => name.trim().toLowerCase());

describe('Cache-Control on GraphQL answers', () => {
  it('lets anyone cache an anonymous persisted GET of public catalogue data for a minute, varying on Authorization and Accept', async () => {
    for (const [name, variables] of [
      ['Cities', {}],
      ['BrowseEvents', { first: 5 }],
      ['ShowDetails', { id: showId }],
    ] as const) {
      const { response, body } = await persistedGet(name, variables);
      expect(response.status).toBe(200);
      expect([name, response.headers.get('cache-control')]).toEqual([name, 'max-age=60, public']);
      expect(vary(response)).toEqual(expect.arrayContaining(['authorization', 'accept']));
      expect(body.data).toBeTruthy();
    }
  });

  it('keeps the same read private when the caller is signed in', async () => {
    for (const token of [user.accessToken, admin.accessToken]) {
      const { response } = await persistedGet('ShowDetails', { id: showId }, token);
      expect(response.headers.get('cache-control')).toBe('max-age=60, private');
      expect(vary(response)).toContain('authorization');
    }
  });

  it('never lets anything be cached that reads live or personal data, or changes something', async () => {
    // Availability comes from inventory, which gives no hint: the whole answer is no-store.
    expect((await persistedGet('ShowAvailability', { showId })).response.headers.get('cache-control')).toBe('no-store');
    expect((await persistedGet('Me', {}, user.accessToken)).response.headers.get('cache-control')).toBe('no-store');
    // Mutations, signed in or not, even one that returns catalogue types.
    const venue = await request(
      'mutation { createVenue(input: { name: "Cache Test", city: "Pune", timeZone: "Asia/Kolkata" }) { id name city } }',
      {},
      { token: admin.accessToken },
    );
    expect(venue.errors).toBeUndefined();
    expect(venue.headers.get('cache-control')).toBe('no-store');
    const login = await request(
      'mutation($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }',
      { email: user.email, password: user.password },
    );
    expect(login.errors).toBeUndefined();
    expect(login.headers.get('cache-control')).toBe('no-store');
    // An error is not cached either.
    const missing = await request('{ cities nope }');
    expect(missing.headers.get('cache-control') ?? 'no-store').toBe('no-store');
  });
});

describe('compression', () => {
  it('compresses answers for clients that accept it, and leaves health checks readable', async () => {
    const body = JSON.stringify({ query: getIntrospectionQuery() });
    for (const encoding of ['br', 'gzip']) {
      const response = await fetch(routerUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'accept-encoding': encoding,
          authorization: `Bearer ${admin.accessToken}`,
        },
        body,
      });
      expect(response.headers.get('content-encoding')).toBe(encoding);
      expect(vary(response)).toContain('accept-encoding');
      // fetch decodes it: the answer is whole.
      expect(
        ((await response.json()) as { data: { __schema: { types: unknown[] } } }).data.__schema.types.length,
      ).toBeGreaterThan(50);
    }
    const identity = await fetch(routerUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-encoding': 'identity' },
      body: JSON.stringify({ query: '{ cities }' }),
    });
    expect(identity.headers.get('content-encoding')).toBeNull();
    const health = await fetch(routerUrl.replace('/graphql', '/health/ready'), {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(health.status).toBe(200);
    expect(((await health.json()) as { status: string }).status).toMatch(/ok|degraded/);
  });
});
