import { describe, expect, it } from '@jest/globals';
import pg from 'pg';
import {
  SUPERADMIN,
  TEST_DB_PREFIX,
  errorCode,
  graphqlClient,
  loginAs,
  readEvents,
  registerUser,
  testEnvironment,
  uniqueEmail,
} from '@showstream/testkit';

const env = testEnvironment();
const request = graphqlClient(env.routerUrl);

const REGISTER = `mutation Register($input: RegisterInput!) {
  register(input: $input) { accessToken refreshToken accessTokenExpiresAt user { id email role isActive loyalty { points tier } preferences { notifications { email whatsapp } } } }
}`;
const ME = '{ me { id email firstName role preferences { language city notifications { sms } } } }';

async function sql<T extends pg.QueryResultRow>(query: string, params: unknown[] = []): Promise<T[]> {
  const url = new URL(env.postgresUrl);
  url.pathname = `/${TEST_DB_PREFIX}users`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return (await client.query<T>(query, params)).rows;
  } finally {
    await client.end();
  }
}

describe('registration and sign-in through the router', () => {
  it('registers, signs in and reads the profile', async () => {
    const email = uniqueEmail('alice');
    const registered = await request(REGISTER, {
      input: { email: email.toUpperCase(), password: 'Sunny-day-42', firstName: 'Alice', lastName: 'Rao' },
    });
    expect(registered.errors).toBeUndefined();
    const payload = registered.data!.register;
    expect(payload.user).toMatchObject({ email, role: 'USER', isActive: true, loyalty: { points: 0, tier: 'BLUE' } });
    expect(payload.user.preferences.notifications).toEqual({ email: true, whatsapp: false });
    expect(new Date(payload.accessTokenExpiresAt).getTime()).toBeGreaterThan(Date.now());

    const session = await loginAs(request, email, 'Sunny-day-42');
    const me = await request(ME, {}, { token: session.accessToken });
    expect(me.data!.me).toMatchObject({ id: payload.user.id, email, firstName: 'Alice', role: 'USER' });
  });

  it('returns null for me without a token', async () => {
    const me = await request(ME);
    expect(me.errors).toBeUndefined();
    expect(me.data!.me).toBeNull();
  });

  it.each([
    ['malformed email', { email: 'not-an-email' }, 'email'],
    ['short password', { password: 'a1' }, 'password'],
    ['password without digit', { password: 'onlyletters' }, 'password'],
    ['empty first name', { firstName: ' ' }, 'firstName'],
    ['impossible birth date', { dateOfBirth: '2999-01-01' }, 'dateOfBirth'],
  ])('refuses a %s with BAD_USER_INPUT naming the field and writes nothing', async (_label, override, field) => {
    const input = { email: uniqueEmail('bad'), password: 'Passw0rd-ok', firstName: 'B', lastName: 'C', ...override };
    const response = await request(REGISTER, { input });
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
    expect(response.errors![0]!.extensions!.field).toBe(field);
    expect(await sql('select 1 from users where email = $1', [input.email.toLowerCase()])).toHaveLength(0);
  });

  it('refuses a duplicate email with CONFLICT, whatever its case', async () => {
    const user = await registerUser(request, 'dup');
    const response = await request(REGISTER, {
      input: { email: user.email.toUpperCase(), password: 'Passw0rd-ok', firstName: 'D', lastName: 'U' },
    });
    expect(errorCode(response)).toBe('CONFLICT');
    expect(response.errors![0]!.extensions!.field).toBe('email');
    expect(await sql('select count(*)::int as n from users where email = $1', [user.email])).toEqual([{ n: 1 }]);
  });

  it('answers a wrong password and an unknown email identically', async () => {
    const user = await registerUser(request, 'enum');
    const wrongPassword = await request(
      'mutation { login(email: "' + user.email + '", password: "Wrong-passw0rd") { accessToken } }',
    );
    const unknownEmail = await request(
      'mutation { login(email: "' + uniqueEmail('ghost') + '", password: "Wrong-passw0rd") { accessToken } }',
    );
    expect(errorCode(wrongPassword)).toBe('UNAUTHENTICATED');
    expect(wrongPassword.errors![0]!.message).toBe(unknownEmail.errors![0]!.message);
    expect(errorCode(unknownEmail)).toBe('UNAUTHENTICATED');
  });

  it('updates profile and preferences, validating them', async () => {
    const user = await registerUser(request, 'prefs');
    const updated = await request(
      'mutation { updatePreferences(input: { language: "hi-IN", city: "Pune", notifications: { sms: false } }) { preferences { language city notifications { sms email } } } }',
      {},
      { token: user.accessToken },
    );
    expect(updated.data!.updatePreferences.preferences).toEqual({
      language: 'hi-IN',
      city: 'Pune',
      notifications: { sms: false, email: true },
    });
    const bad = await request(
      'mutation { updateProfile(input: { phone: "call me" }) { phone } }',
      {},
      { token: user.accessToken },
    );
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors![0]!.extensions!.field).toBe('phone');
    const anonymous = await request('mutation { updateProfile(input: { firstName: "X" }) { id } }');
    expect(errorCode(anonymous)).toBe('UNAUTHENTICATED');
  });

  it('publishes UserRegistered on user-events through the outbox, carrying the request id', async () => {
    const requestId = `test-${Date.now()}-registration`;
    const email = uniqueEmail('events');
    const response = await request(
      REGISTER,
      { input: { email, password: 'Passw0rd-ok', firstName: 'E', lastName: 'V' } },
      { headers: { 'x-request-id': requestId } },
    );
    expect(response.headers.get('x-request-id')).toBe(requestId);
    const userId = response.data!.register.user.id;
    const [event] = await readEvents(
      'user-events',
      (candidate) => candidate.type === 'UserRegistered' && candidate.key === userId,
    );
    expect(event).toMatchObject({
      type: 'UserRegistered',
      source: 'users',
      key: userId,
      version: 1,
      traceId: requestId,
      data: { userId, email },
    });
    expect(event!.id).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('roles', () => {
  it('lets only a super admin change roles, audits it and publishes UserRoleChanged', async () => {
    const admin = await loginAs(request, SUPERADMIN.email, SUPERADMIN.password);
    const user = await registerUser(request, 'promote');
    const mutation = `mutation { setUserRole(userId: "${user.id}", role: ADMIN) { id role } }`;

    expect(errorCode(await request(mutation))).toBe('UNAUTHENTICATED');
    expect(errorCode(await request(mutation, {}, { token: user.accessToken }))).toBe('FORBIDDEN');

    const promoted = await request(mutation, {}, { token: admin.accessToken });
    expect(promoted.data!.setUserRole).toEqual({ id: user.id, role: 'ADMIN' });
    const audit = await sql('select actor_id, action, details from audit_log where target_id = $1', [user.id]);
    expect(audit).toEqual([
      { actor_id: admin.id, action: 'user.role.changed', details: { from: 'USER', to: 'ADMIN' } },
    ]);
    const [event] = await readEvents(
      'user-events',
      (candidate) => candidate.type === 'UserRoleChanged' && candidate.key === user.id,
    );
    expect(event!.data).toMatchObject({ from: 'USER', to: 'ADMIN', changedBy: admin.id });

    // The new role is in the next access token.
    const relogged = await loginAs(request, user.email, user.password);
    const listing = await request(
      '{ users(first: 5) { totalCount edges { node { id } } } }',
      {},
      { token: relogged.accessToken },
    );
    expect(listing.errors).toBeUndefined();
    expect(listing.data!.users.totalCount).toBeGreaterThan(1);
    // An admin is still not a super admin.
    expect(
      errorCode(
        await request(
          `mutation { setUserRole(userId: "${admin.id}", role: USER) { id } }`,
          {},
          { token: relogged.accessToken },
        ),
      ),
    ).toBe('FORBIDDEN');
  });

  it('keeps users out of admin queries and out of other users', async () => {
    const user = await registerUser(request, 'nosy');
    const other = await registerUser(request, 'private');
    expect(errorCode(await request('{ users { totalCount } }', {}, { token: user.accessToken }))).toBe('FORBIDDEN');
    expect(errorCode(await request(`{ user(id: "${other.id}") { email } }`, {}, { token: user.accessToken }))).toBe(
      'FORBIDDEN',
    );
    const self = await request(`{ user(id: "${user.id}") { email } }`, {}, { token: user.accessToken });
    expect(self.data!.user.email).toBe(user.email);
  });

  it('signs a deactivated user out everywhere', async () => {
    const admin = await loginAs(request, SUPERADMIN.email, SUPERADMIN.password);
    const user = await registerUser(request, 'deactivate');
    const response = await request(
      `mutation { setUserActive(userId: "${user.id}", active: false) { isActive } }`,
      {},
      { token: admin.accessToken },
    );
    expect(response.data!.setUserActive.isActive).toBe(false);
    const refresh = await request('mutation($t: String!) { refreshToken(refreshToken: $t) { accessToken } }', {
      t: user.refreshToken,
    });
    expect(errorCode(refresh)).toBe('UNAUTHENTICATED');
    const login = await request(
      `mutation { login(email: "${user.email}", password: "${user.password}") { accessToken } }`,
    );
    expect(errorCode(login)).toBe('FORBIDDEN');
  });
});
