/**
 * Graceful degradation: with one subgraph down, a query spanning it and others answers the healthy
 * parts and fails the dead part's fields with SERVICE_UNAVAILABLE (nothing internal in the error),
 * the router keeps serving and says it is degraded, and everything is whole again once it is back.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import {
  SUPERADMIN,
  graphqlClient,
  holdSeats,
  loginAs,
  registerUser,
  runSql,
  serviceHealth,
  showWithSeats,
  TEST_DB_PREFIX,
  testEnvironment,
  waitFor,
  withServiceDown,
  withServiceHung,
  type GraphQLResponse,
} from '@showstream/testkit';

const request = graphqlClient(testEnvironment().routerUrl);
let admin: string;
beforeAll(async () => {
  admin = (await loginAs(request, SUPERADMIN.email, SUPERADMIN.password)).accessToken;
});

// One page's worth of data from four subgraphs: users (me), inventory (seatLock, seatMap), catalog (show).
const SHOW_PAGE = `query ShowPage($show: ID!, $lock: ID!) {
  me { email }
  seatLock(id: $lock) { status seats { number } }
  seatMap(showId: $show) { seats { number status } }
  show(id: $show) { startsAt event { title } }
}`;

/** What must never reach a client: addresses, socket errors, stack frames. */
const INTERNALS = /127\.0\.0\.1|localhost|:\d{4,5}\b|ECONNREFUSED|fetch failed|socket|\.ts:\d+|\bat \w/i;

describe('a subgraph that is down', () => {
  it('fails only its own fields, with a stable code, while the rest of the query answers and the router keeps serving', async () => {
    const showId = await showWithSeats(request, admin, 72, 'Degraded Hall');
    const buyer = await registerUser(request, 'degraded');
    const lockId = await holdSeats(request, buyer.accessToken, showId, ['A1']);
    const variables = { show: showId, lock: lockId };
    const whole = await request(SHOW_PAGE, variables, { token: buyer.accessToken });
    expect(whole.errors).toBeUndefined();

    await withServiceDown('catalog', async () => {
      const partial: GraphQLResponse = await request(SHOW_PAGE, variables, { token: buyer.accessToken });
      expect(partial.status).toBe(200);
      // The healthy subgraphs' parts, exactly as before.
      expect(partial.data!.me).toEqual(whole.data!.me);
      expect(partial.data!.seatLock).toEqual(whole.data!.seatLock);
      expect(partial.data!.seatMap.seats.find((seat: { number: string }) => seat.number === 'A1').status).toBe(
        'LOCKED',
      );
      // The dead one's field is null with one clear error.
      expect(partial.data!.show).toBeNull();
      expect(partial.errors).toEqual([
        {
          message: 'The catalog service is unavailable; try again shortly.',
          extensions: { code: 'SERVICE_UNAVAILABLE' },
        },
      ]);
      expect(JSON.stringify(partial.errors)).not.toMatch(INTERNALS);

      // Writes to healthy subgraphs go on.
      const hold = await request(
        'mutation($show: ID!) { lockSeats(showId: $show, seatNumbers: ["A2"]) { status } }',
        { show: showId },
        { token: buyer.accessToken },
      );
      expect(hold.errors).toBeUndefined();
      expect(hold.data!.lockSeats.status).toBe('ACTIVE');
      // A query only the dead subgraph can answer: no data for it, the same error, still HTTP 200 from a serving router.
      const onlyCatalog = await request('query($show: ID!) { show(id: $show) { startsAt } }', { show: showId });
      expect(onlyCatalog.status).toBe(200);
      expect(onlyCatalog.data).toEqual({ show: null });
      expect(onlyCatalog.errors?.map((error) => error.extensions?.code)).toEqual(['SERVICE_UNAVAILABLE']);

      // The router stays ready (taking it out of rotation would fail every query) and names what is missing.
      const router = await serviceHealth('router');
      expect(router.status).toBe(200);
      expect(router.body.status).toBe('degraded');
      expect(router.body.checks).toMatchObject({ supergraph: 'ok', catalog: 'failing', inventory: 'ok', users: 'ok' });
    });

    // Whole again once it is back, with nothing to do on the client's side.
    const recovered = await request(SHOW_PAGE, variables, { token: buyer.accessToken });
    expect(recovered.errors).toBeUndefined();
    expect(recovered.data!.show).toEqual(whole.data!.show);
    await waitFor(async () => (await serviceHealth('router')).body.status === 'ok', 10_000, 200);
  });
});

describe('a subgraph that hangs', () => {
  it('fails only its fields once the router stops waiting for it, and the router keeps serving meanwhile', async () => {
    const showId = await showWithSeats(request, admin, 73, 'Hung Hall');
    const buyer = await registerUser(request, 'hung');
    const lockId = await holdSeats(request, buyer.accessToken, showId, ['A1']);
    const variables = { show: showId, lock: lockId };

    await withServiceHung('catalog', async () => {
      const started = Date.now();
      const [partial, meanwhile] = await Promise.all([
        request(SHOW_PAGE, variables, { token: buyer.accessToken }),
        // Another caller's query, not touching catalog, is not held up behind it.
        request('query($show: ID!) { seatMap(showId: $show) { seats { number } } }', { show: showId }),
      ]);
      // The test stack's SUBGRAPH_TIMEOUT_MS is 5 s (production: 60 s).
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(partial.data!.me.email).toBe(buyer.email);
      expect(partial.data!.seatLock.status).toBe('ACTIVE');
      expect(partial.data!.show).toBeNull();
      expect(partial.errors?.map((error) => error.extensions?.code)).toEqual(['SERVICE_UNAVAILABLE']);
      expect(JSON.stringify(partial.errors)).not.toMatch(INTERNALS);
      expect(meanwhile.errors).toBeUndefined();
    });

    const recovered = await request(SHOW_PAGE, variables, { token: buyer.accessToken });
    expect(recovered.errors).toBeUndefined();
    expect(recovered.data!.show.event.title).toBeTruthy();
  });
});

describe('readiness', () => {
  it('is 503 without the database a subgraph cannot answer without, while the process stays live, and 200 once it is back', async () => {
    // The analytics database alone refuses connections: the shared server keeps serving everyone else.
    const database = `${TEST_DB_PREFIX}analytics`;
    await runSql('postgres', `alter database ${database} allow_connections false`);
    try {
      await runSql('postgres', 'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [database]);
      await waitFor(async () => (await serviceHealth('analytics')).status === 503, 10_000, 200);
      expect((await serviceHealth('analytics')).body).toMatchObject({
        status: 'unavailable',
        checks: { database: 'failing', events: 'ok' },
      });
      expect((await serviceHealth('analytics', 'live')).status).toBe(200);
      // Its fields fail with nothing internal in the error (no database name, no SQL), and the router keeps serving.
      const response = await request('{ dashboard { bookings { confirmed } } }', {}, { token: admin });
      expect(response.data).toBeNull();
      expect(response.errors).toHaveLength(1);
      expect(JSON.stringify(response.errors)).not.toMatch(
        new RegExp(`${database}|accepting connections|${INTERNALS.source}`, 'i'),
      );
      expect((await request('{ cities }')).errors).toBeUndefined();
    } finally {
      await runSql('postgres', `alter database ${database} allow_connections true`);
    }
    // Ready at once; `ok` once the outbox relay, which failed meanwhile, has published again.
    await waitFor(async () => (await serviceHealth('analytics')).status === 200, 15_000, 200);
    await waitFor(async () => (await serviceHealth('analytics')).body.status === 'ok', 15_000, 200);
  });
});
