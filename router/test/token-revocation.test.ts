import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  SUPERADMIN,
  TEST_REDIS_NAMESPACE,
  errorCode,
  graphqlClient,
  loginAs,
  openLiveSocket,
  registerUser,
  startRouterProcess,
  testEnvironment,
  waitFor,
  type GraphQLResponse,
  type LiveSocket,
  type RouterProcess,
  type TestUser,
} from '@showstream/testkit';

/**
 * Deactivation and demotion reach the routers within seconds, not when the access token expires:
 * the user's next request is refused (401 UNAUTHENTICATED) and their open sockets are closed (4403),
 * on the test stack's router and on a second router process in production mode alike, while
 * everyone else carries on. Both routers share the stack's Redis namespace, as one deployment's do.
 */
const WINDOW_MS = 5_000;

const manifest = JSON.parse(
  readFileSync(new URL('../../client-ops/generated/persisted-operations.json', import.meta.url), 'utf8'),
) as {
  operations: { name: string; body: string }[];
};
/** client-ops' documents, the only ones a production router runs for callers below ADMIN. */
const op = (name: string) => manifest.operations.find((candidate) => candidate.name === name)!.body;

const stack = graphqlClient(testEnvironment().routerUrl);
let production: RouterProcess;
let productionRequest: ReturnType<typeof graphqlClient>;
let superAdmin: TestUser;

beforeAll(async () => {
  production = await startRouterProcess(
    { RATE_LIMIT_KEY_PREFIX: TEST_REDIS_NAMESPACE, RATE_LIMIT_REQUESTS: '1000000/60', RATE_LIMIT_AUTH: '1000000/60' },
    { portOffset: 52 },
  );
  productionRequest = graphqlClient(production.url);
  superAdmin = await loginAs(stack, SUPERADMIN.email, SUPERADMIN.password);
}, 90_000);

const sockets: LiveSocket[] = [];
afterAll(async () => {
  await Promise.all(sockets.map((socket) => socket.close()));
  await production?.stop();
});

/** A graphql-ws connection with the user's own notification subscription running, as the web app keeps one. */
async function openSocket(url: string, token: string): Promise<LiveSocket> {
  const socket = await openLiveSocket(url, token, op('NotificationReceived'));
  sockets.push(socket);
  return socket;
}

/** How long `check` took to hold, failing past the window. */
async function within(check: () => Promise<boolean> | boolean): Promise<number> {
  const started = Date.now();
  await waitFor(check, WINDOW_MS, 50);
  return Date.now() - started;
}

const refused = (response: GraphQLResponse) => response.status === 401 && errorCode(response) === 'UNAUTHENTICATED';

describe('token revocation at the router', () => {
  it('refuses a deactivated user’s next request and closes their sockets within 5 s, and lets them back once reactivated', async () => {
    const user = await registerUser(stack, 'deactivated');
    const bystander = await registerUser(stack, 'bystander');
    const me = (token: string, request = productionRequest) => request(op('Me'), {}, { token });
    expect((await me(user.accessToken)).data!.me.id).toBe(user.id);
    const userSockets = [
      await openSocket(production.url, user.accessToken),
      await openSocket(testEnvironment().routerUrl, user.accessToken),
    ];
    const bystanderSocket = await openSocket(production.url, bystander.accessToken);

    const deactivated = await stack(
      op('SetUserActive'),
      { userId: user.id, active: false },
      { token: superAdmin.accessToken },
    );
    expect(deactivated.data!.setUserActive).toEqual({ id: user.id, isActive: false });

    const closedIn = await within(() => userSockets.every((socket) => socket.closeCode() !== undefined));
    expect(userSockets.map((socket) => socket.closeCode())).toEqual([4403, 4403]);
    const refusedIn = await within(async () => refused(await me(user.accessToken)));
    const refusal = await me(user.accessToken);
    expect(refusal.headers.get('www-authenticate')).toContain('invalid_token');
    expect(refusal.errors![0]!.message).toMatch(/revoked/);
    expect(refused(await me(user.accessToken, stack))).toBe(true);
    // The same token cannot open a socket again either.
    await expect(openSocket(production.url, user.accessToken)).rejects.toThrow();
    expect(closedIn + refusedIn).toBeLessThan(WINDOW_MS);

    // Nobody else is touched.
    expect((await me(bystander.accessToken)).data!.me.id).toBe(bystander.id);
    expect(bystanderSocket.closeCode()).toBeUndefined();
    await bystanderSocket.close();

    // Its refresh token died with it, and it cannot sign in while deactivated.
    expect(errorCode(await productionRequest(op('RefreshSession'), { refreshToken: user.refreshToken }))).toBe(
      'UNAUTHENTICATED',
    );
    expect(errorCode(await productionRequest(op('Login'), { email: user.email, password: user.password }))).toBe(
      'FORBIDDEN',
    );

    // Reactivated, it signs in again and its new token works everywhere; the old one stays void.
    await stack(op('SetUserActive'), { userId: user.id, active: true }, { token: superAdmin.accessToken });
    const back = (await productionRequest(op('Login'), { email: user.email, password: user.password })).data!.login;
    expect((await me(back.accessToken)).data!.me.id).toBe(user.id);
    expect((await me(back.accessToken, stack)).data!.me.id).toBe(user.id);
    const socket = await openSocket(production.url, back.accessToken);
    expect(socket.closeCode()).toBeUndefined();
    await socket.close();
    expect(refused(await me(user.accessToken))).toBe(true);
  });

  it('takes admin rights from a demoted admin’s token within 5 s; a refresh brings the new role', async () => {
    const admin = await registerUser(stack, 'demoted');
    await stack(op('SetUserRole'), { userId: admin.id, role: 'ADMIN' }, { token: superAdmin.accessToken });
    const session = await loginAs(stack, admin.email, admin.password);
    // An admin may run documents outside the manifest on a production router.
    const adminQuery = '{ users(first: 1) { totalCount } }';
    expect(
      (await productionRequest(adminQuery, {}, { token: session.accessToken })).data!.users.totalCount,
    ).toBeGreaterThan(0);
    const socket = await openSocket(production.url, session.accessToken);

    await stack(op('SetUserRole'), { userId: admin.id, role: 'USER' }, { token: superAdmin.accessToken });

    await within(async () => refused(await productionRequest(adminQuery, {}, { token: session.accessToken })));
    await within(() => socket.closeCode() === 4403);
    expect(refused(await stack(adminQuery, {}, { token: session.accessToken }))).toBe(true);

    // The refreshed token carries USER: admin queries are forbidden, and so are documents outside the manifest.
    const refreshed = await productionRequest(op('RefreshSession'), { refreshToken: session.refreshToken });
    const { accessToken, user } = refreshed.data!.refreshToken;
    expect(user.role).toBe('USER');
    expect(errorCode(await productionRequest(op('AdminUsers'), { first: 1 }, { token: accessToken }))).toBe(
      'FORBIDDEN',
    );
    expect(errorCode(await productionRequest(adminQuery, {}, { token: accessToken }))).toBe('OPERATION_NOT_ALLOWED');
    expect((await productionRequest(op('Me'), {}, { token: accessToken })).data!.me.role).toBe('USER');

    // Promotion voids nothing: the USER token keeps working and the next one carries ADMIN.
    await stack(op('SetUserRole'), { userId: admin.id, role: 'ADMIN' }, { token: superAdmin.accessToken });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await productionRequest(op('Me'), {}, { token: accessToken })).data!.me.role).toBe('ADMIN');
  });
});
