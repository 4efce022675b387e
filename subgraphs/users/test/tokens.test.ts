import { describe, expect, it } from '@jest/globals';
import { SignJWT, generateKeyPair, importJWK, type JWK } from 'jose';
import {
  TEST_PORT_BASE,
  TEST_ROUTER_SECRET,
  errorCode,
  graphqlClient,
  registerUser,
  testEnvironment,
  usersSigningKey as signingKey,
} from '@showstream/testkit';

const env = testEnvironment();
const request = graphqlClient(env.routerUrl);
/** The users subgraph itself, as a client that got past the network would reach it. */
const usersSubgraph = graphqlClient(`http://127.0.0.1:${TEST_PORT_BASE + 1}/graphql`);
const ROUTER_SECRET = { 'x-router-secret': TEST_ROUTER_SECRET };

const REFRESH = 'mutation($t: String!) { refreshToken(refreshToken: $t) { accessToken refreshToken user { id } } }';
const ME = '{ me { id email } }';

function claims(userId: string) {
  return new SignJWT({ role: 'SUPER_ADMIN', email: 'mallory@example.test' })
    .setSubject(userId)
    .setIssuer('showstream-users')
    .setAudience('showstream')
    .setIssuedAt();
}

describe('refresh tokens', () => {
  it('rotates on every use and revokes the family when a spent token comes back', async () => {
    const user = await registerUser(request, 'rotate');
    const first = await request(REFRESH, { t: user.refreshToken });
    const second = first.data!.refreshToken;
    expect(second.refreshToken).not.toBe(user.refreshToken);
    expect(second.user.id).toBe(user.id);

    const third = (await request(REFRESH, { t: second.refreshToken })).data!.refreshToken;
    // Past the grace interval (1 s in the test stack) a spent token is theft: the family dies.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const reuse = await request(REFRESH, { t: user.refreshToken });
    expect(errorCode(reuse)).toBe('UNAUTHENTICATED');
    expect(reuse.errors![0]!.message).toMatch(/already used/);
    expect(errorCode(await request(REFRESH, { t: third.refreshToken }))).toBe('UNAUTHENTICATED');
  });

  it('tolerates a concurrent refresh from one client within the grace interval', async () => {
    const user = await registerUser(request, 'concurrent');
    const [a, b] = await Promise.all([
      request(REFRESH, { t: user.refreshToken }),
      request(REFRESH, { t: user.refreshToken }),
    ]);
    expect(a.errors).toBeUndefined();
    expect(b.errors).toBeUndefined();
    expect(a.data!.refreshToken.refreshToken).not.toBe(b.data!.refreshToken.refreshToken);
  });

  it('logs out by revoking the family, and refuses garbage', async () => {
    const user = await registerUser(request, 'logout');
    const logout = await request('mutation($t: String!) { logout(refreshToken: $t) }', { t: user.refreshToken });
    expect(logout.data!.logout).toBe(true);
    expect(errorCode(await request(REFRESH, { t: user.refreshToken }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await request(REFRESH, { t: 'not-a-token' }))).toBe('UNAUTHENTICATED');
  });
});

describe('access tokens are verified at the router and again at the subgraph', () => {
  const forgeries: [string, (userId: string) => Promise<string>][] = [
    [
      'signed by another key with the real kid',
      async (userId) => {
        const { kid } = await signingKey();
        const { privateKey } = await generateKeyPair('ES256');
        return claims(userId)
          .setProtectedHeader({ alg: 'ES256', kid, typ: 'at+jwt' })
          .setExpirationTime('5m')
          .sign(privateKey);
      },
    ],
    [
      'expired',
      async (userId) => {
        const { kid, jwk } = await signingKey();
        return claims(userId)
          .setProtectedHeader({ alg: 'ES256', kid, typ: 'at+jwt' })
          .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
          .setExpirationTime(Math.floor(Date.now() / 1000) - 600)
          .sign(await importJWK(jwk, 'ES256'));
      },
    ],
    [
      'alg none',
      async (userId) => {
        const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
        const now = Math.floor(Date.now() / 1000);
        return `${encode({ alg: 'none', typ: 'at+jwt' })}.${encode({ sub: userId, role: 'SUPER_ADMIN', email: 'x@y.z', iss: 'showstream-users', aud: 'showstream', iat: now, exp: now + 300 })}.`;
      },
    ],
    [
      'with the wrong audience',
      async (userId) => {
        const { kid, jwk } = await signingKey();
        return new SignJWT({ role: 'USER', email: 'x@y.z' })
          .setProtectedHeader({ alg: 'ES256', kid, typ: 'at+jwt' })
          .setSubject(userId)
          .setIssuer('showstream-users')
          .setAudience('someone-else')
          .setIssuedAt()
          .setExpirationTime('5m')
          .sign(await importJWK(jwk, 'ES256'));
      },
    ],
    ['malformed', async () => 'abc.def'],
  ];

  it.each(forgeries)('refuses a token %s', async (_label, forge) => {
    const user = await registerUser(request, 'victim');
    const token = await forge(user.id);
    const atRouter = await request(ME, {}, { token });
    expect(errorCode(atRouter)).toBe('UNAUTHENTICATED');
    expect(atRouter.data ?? null).toBeNull();
    const atSubgraph = await usersSubgraph(ME, {}, { token, headers: ROUTER_SECRET });
    expect(errorCode(atSubgraph)).toBe('UNAUTHENTICATED');
  });

  it('accepts the real token at both', async () => {
    const user = await registerUser(request, 'genuine');
    expect((await request(ME, {}, { token: user.accessToken })).data!.me.id).toBe(user.id);
    expect((await usersSubgraph(ME, {}, { token: user.accessToken, headers: ROUTER_SECRET })).data!.me.id).toBe(
      user.id,
    );
  });

  it('publishes its signing keys as a JWKS with key ids', async () => {
    const response = await fetch(`http://127.0.0.1:${TEST_PORT_BASE + 1}/.well-known/jwks.json`);
    const jwks = (await response.json()) as { keys: JWK[] };
    expect(jwks.keys.length).toBeGreaterThan(0);
    for (const key of jwks.keys) {
      expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
      expect(key.kid).toBeTruthy();
      expect(key.d).toBeUndefined();
    }
  });
});

describe('the subgraph is not a public endpoint', () => {
  const ENTITIES = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id email } } }';

  it('refuses callers without the router secret', async () => {
    const user = await registerUser(request, 'direct');
    const response = await usersSubgraph(
      ENTITIES,
      { r: [{ __typename: 'User', id: user.id }] },
      { token: user.accessToken },
    );
    expect(response.status).toBe(403);
    expect(errorCode(response)).toBe('FORBIDDEN');
  });

  it('resolves User references for their owner only, through shield', async () => {
    const owner = await registerUser(request, 'owner');
    const stranger = await registerUser(request, 'stranger');
    const variables = { r: [{ __typename: 'User', id: owner.id }] };
    const mine = await usersSubgraph(ENTITIES, variables, { token: owner.accessToken, headers: ROUTER_SECRET });
    expect(mine.errors).toBeUndefined();
    expect(mine.data!._entities).toEqual([{ id: owner.id, email: owner.email }]);
    const theirs = await usersSubgraph(ENTITIES, variables, { token: stranger.accessToken, headers: ROUTER_SECRET });
    expect(errorCode(theirs)).toBe('FORBIDDEN');
    const anonymous = await usersSubgraph(ENTITIES, variables, { headers: ROUTER_SECRET });
    expect(errorCode(anonymous)).toBe('UNAUTHENTICATED');
  });
});
