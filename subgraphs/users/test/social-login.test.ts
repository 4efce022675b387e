import { describe, expect, it } from '@jest/globals';
import {
  OIDC_SANDBOX_PORT,
  errorCode,
  graphqlClient,
  registerUser,
  requestIdToken,
  testEnvironment,
  uniqueEmail,
} from '@showstream/testkit';
import { randomUUID } from 'node:crypto';

const request = graphqlClient(testEnvironment().routerUrl);
const LOGIN =
  'mutation($p: String!, $t: String!) { loginWithProvider(provider: $p, idToken: $t) { accessToken user { id email firstName linkedProviders } } }';

describe('social login with an OpenID Connect id token', () => {
  it('creates an account on first sign-in and signs the same account in later', async () => {
    const sub = randomUUID();
    const email = uniqueEmail('social');
    const claims = { sub, email, email_verified: true, given_name: 'Sam', family_name: 'Iyer' };
    const first = await request(LOGIN, { p: 'sandbox', t: await requestIdToken(OIDC_SANDBOX_PORT, claims) });
    expect(first.errors).toBeUndefined();
    expect(first.data!.loginWithProvider.user).toMatchObject({ email, firstName: 'Sam', linkedProviders: ['sandbox'] });
    const again = await request(LOGIN, { p: 'sandbox', t: await requestIdToken(OIDC_SANDBOX_PORT, claims) });
    expect(again.data!.loginWithProvider.user.id).toBe(first.data!.loginWithProvider.user.id);
  });

  it('links a verified email to the existing password account', async () => {
    const existing = await registerUser(request, 'linked');
    const token = await requestIdToken(OIDC_SANDBOX_PORT, {
      sub: randomUUID(),
      email: existing.email,
      email_verified: true,
    });
    const response = await request(LOGIN, { p: 'sandbox', t: token });
    expect(response.data!.loginWithProvider.user).toMatchObject({ id: existing.id, linkedProviders: ['sandbox'] });
  });

  it('never links an unverified email', async () => {
    const existing = await registerUser(request, 'unverified');
    const token = await requestIdToken(OIDC_SANDBOX_PORT, {
      sub: randomUUID(),
      email: existing.email,
      email_verified: false,
    });
    expect(errorCode(await request(LOGIN, { p: 'sandbox', t: token }))).toBe('UNAUTHENTICATED');
  });

  it('refuses tokens for another audience, expired tokens and unknown providers', async () => {
    const wrongAudience = await requestIdToken(OIDC_SANDBOX_PORT, {
      sub: randomUUID(),
      email: uniqueEmail('aud'),
      email_verified: true,
      aud: 'other-app',
    });
    expect(errorCode(await request(LOGIN, { p: 'sandbox', t: wrongAudience }))).toBe('UNAUTHENTICATED');
    const expired = await requestIdToken(OIDC_SANDBOX_PORT, {
      sub: randomUUID(),
      email: uniqueEmail('exp'),
      email_verified: true,
      expiresInSeconds: -60,
    });
    expect(errorCode(await request(LOGIN, { p: 'sandbox', t: expired }))).toBe('UNAUTHENTICATED');
    const unknown = await request(LOGIN, { p: 'myspace', t: 'x.y.z' });
    expect(errorCode(unknown)).toBe('BAD_USER_INPUT');
    expect(unknown.errors![0]!.extensions!.field).toBe('provider');
  });
});
