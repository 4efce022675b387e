/**
 * Token revocation across a Redis outage (the fault phase's private Redis, killed and restarted
 * empty): a deactivation made while Redis is away waits in the users database and reaches the
 * routers soon after Redis is back (the user's request refused, their open socket closed), and a
 * revocation Redis lost with its data is sent again, so a router started afterwards still honours it.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
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
  withRedisDown,
  type GraphQLResponse,
  type RouterProcess,
} from '@showstream/testkit';

const request = graphqlClient(testEnvironment().routerUrl);
const ME = '{ me { id } }';
const DEACTIVATE = 'mutation($id: ID!) { setUserActive(userId: $id, active: false) { isActive } }';
const NOTIFICATIONS = 'subscription { notificationReceived { id } }';
const refused = (response: GraphQLResponse) => response.status === 401 && errorCode(response) === 'UNAUTHENTICATED';

let laterRouter: RouterProcess | undefined;
afterAll(() => laterRouter?.stop());

describe('token revocation while Redis is down', () => {
  it('reaches the routers once Redis is back, and survives Redis losing its data', async () => {
    expect(testEnvironment().redisUrl).not.toBe('redis://127.0.0.1:6379');
    const admin = (await loginAs(request, SUPERADMIN.email, SUPERADMIN.password)).accessToken;
    const [before, during] = [
      await registerUser(request, 'revoked-before'),
      await registerUser(request, 'revoked-during'),
    ];
    await request(DEACTIVATE, { id: before.id }, { token: admin });
    await waitFor(async () => refused(await request(ME, {}, { token: before.accessToken })), 5_000, 50);
    const socket = await openLiveSocket(testEnvironment().routerUrl, during.accessToken, NOTIFICATIONS);

    await withRedisDown(async () => {
      // PostgreSQL takes the deactivation; the revocation waits in token_revocations for Redis.
      expect((await request(DEACTIVATE, { id: during.id }, { token: admin })).data!.setUserActive.isActive).toBe(false);
    });

    // Back (and empty): the router reconnects within a second, the users subgraph retries every second.
    await waitFor(async () => refused(await request(ME, {}, { token: during.accessToken })), 5_000, 50);
    await waitFor(() => socket.closeCode() === 4403, 5_000, 50);
    // What was revoked before the outage is still refused by a router that loads the set only now.
    laterRouter = await startRouterProcess(
      { RATE_LIMIT_KEY_PREFIX: TEST_REDIS_NAMESPACE, TRUSTED_OPERATIONS: 'off' },
      { portOffset: 52 },
    );
    const later = graphqlClient(laterRouter.url);
    expect(refused(await later(ME, {}, { token: before.accessToken }))).toBe(true);
    expect(refused(await later(ME, {}, { token: during.accessToken }))).toBe(true);
    expect((await later(ME, {}, { token: admin })).data!.me).not.toBeNull();
  });
});
