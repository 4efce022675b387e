/**
 * Redis down mid-flow (the fault phase's private Redis, killed and restarted empty). PostgreSQL
 * decides seats, so holds and bookings stay correct and no seat is sold twice; services keep
 * serving (readiness says degraded, not unavailable); and live seat maps resume on the same
 * socket when Redis is back, including the changes made while it was away, in version order.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import {
  SUPERADMIN,
  bookAndPay,
  errorCode,
  graphqlClient,
  holdSeats,
  loginAs,
  registerUser,
  serviceHealth,
  showWithSeats,
  subscribe,
  testCard,
  testEnvironment,
  waitFor,
  waitForBooking,
  withRedisDown,
} from '@showstream/testkit';
import { SEAT_MAP_CHANGED, seatStatuses, type SeatChange } from './flow.ts';

const request = graphqlClient(testEnvironment().routerUrl);
let admin: string;
beforeAll(async () => {
  admin = (await loginAs(request, SUPERADMIN.email, SUPERADMIN.password)).accessToken;
});

const LOCK = 'mutation($show: ID!, $seats: [String!]!) { lockSeats(showId: $show, seatNumbers: $seats) { id } }';

/** A live client's seat map: every change applied in arrival order, as a front end does. */
function applied(changes: SeatChange[]): Map<string, string> {
  const seats = new Map<string, string>();
  for (const change of changes) for (const seat of change.seatMapChanged.seats) seats.set(seat.number, seat.status);
  return seats;
}

describe('Redis down', () => {
  it('keeps seats and bookings correct, and live seat maps resume without reconnecting when it returns', async () => {
    expect(testEnvironment().redisUrl).not.toBe('redis://127.0.0.1:6379');
    const showId = await showWithSeats(request, admin, 72, 'Redis Down Hall');
    const [alice, bob] = await Promise.all([registerUser(request, 'redis-alice'), registerUser(request, 'redis-bob')]);
    // graphql-ws with no retries: a closed socket would fail the waits below.
    const live = await subscribe<SeatChange>(SEAT_MAP_CHANGED, { show: showId });
    await holdSeats(request, alice.accessToken, showId, ['A1']);
    await live.waitFor((message) =>
      message.seatMapChanged.seats.some((seat) => seat.number === 'A1' && seat.status === 'LOCKED'),
    );

    let paidWhileDown = '';
    await withRedisDown(async () => {
      // PostgreSQL decides: a seat someone holds is refused, Redis or not.
      expect(errorCode(await request(LOCK, { show: showId, seats: ['A1', 'A2'] }, { token: bob.accessToken }))).toBe(
        'CONFLICT',
      );
      // The whole booking flow goes on: hold, book, pay, confirmed by the saga over Kafka.
      const { booking } = await bookAndPay(request, bob.accessToken, showId, ['B1', 'B2'], testCard('success'));
      paidWhileDown = booking.id;
      await waitForBooking(request, bob.accessToken, booking.id, 'CONFIRMED', 60_000);
      await waitFor(
        async () => (await seatStatuses(request, showId, ['B1', 'B2'])).every((status) => status === 'BOOKED'),
        30_000,
        200,
      );
      expect(await seatStatuses(request, showId, ['A1', 'A2'])).toEqual(['LOCKED', 'AVAILABLE']);

      // Services keep serving and say what is missing: degraded, not unavailable.
      for (const service of ['inventory', 'router'] as const) {
        const ready = await serviceHealth(service);
        expect(ready.status).toBe(200);
        expect(ready.body).toMatchObject({ status: 'degraded', checks: { pubsub: 'failing' } });
        expect((await serviceHealth(service, 'live')).status).toBe(200);
      }
    });

    // The changes made while Redis was away reach the same socket once it is back, and new ones follow.
    await live.waitFor(
      (message) => message.seatMapChanged.seats.some((seat) => seat.number === 'B2' && seat.status === 'BOOKED'),
      30_000,
    );
    await holdSeats(request, alice.accessToken, showId, ['C1']);
    await live.waitFor((message) =>
      message.seatMapChanged.seats.some((seat) => seat.number === 'C1' && seat.status === 'LOCKED'),
    );
    const versions = live.messages.map((message) => message.seatMapChanged.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
    // The live client's map agrees with PostgreSQL's.
    const seen = applied(live.messages);
    const touched = ['A1', 'B1', 'B2', 'C1'];
    expect(touched.map((seat) => seen.get(seat))).toEqual(await seatStatuses(request, showId, touched));
    await live.close();

    expect((await waitForBooking(request, bob.accessToken, paidWhileDown, 'CONFIRMED')).status).toBe('CONFIRMED');
    await waitFor(async () => (await serviceHealth('inventory')).body.status === 'ok', 10_000, 200);
  });
});
