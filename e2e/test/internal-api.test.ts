/**
 * The internal API (platform/src/http/internal-api.ts): what the owner of a fact answers another
 * service, that only a caller with the router secret gets it, and that the router — so no client —
 * cannot reach it.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { ROUTER_SECRET_HEADER, SERVICE_PORT_OFFSETS, type SubgraphName } from '@showstream/platform';
import {
  SUPERADMIN,
  TEST_ROUTER_SECRET,
  graphqlClient,
  holdAndBook,
  holdSeats,
  loginAs,
  registerUser,
  showWithSeats,
  testEnvironment,
} from '@showstream/testkit';

const env = testEnvironment();
const request = graphqlClient(env.routerUrl);
const secret = TEST_ROUTER_SECRET;
let admin: string;
beforeAll(async () => {
  admin = (await loginAs(request, SUPERADMIN.email, SUPERADMIN.password)).accessToken;
});

const ask = (
  service: SubgraphName,
  path: string,
  headers: Record<string, string> = { [ROUTER_SECRET_HEADER]: secret },
) => fetch(`http://127.0.0.1:${env.portBase + SERVICE_PORT_OFFSETS[service]}/internal/v1${path}`, { headers });

const LOCK = 'query($id: ID!) { seatLock(id: $id) { expiresAt total { amountMinor } } }';
const SEATS = 'query($id: ID!) { seatMap(showId: $id) { seats { number row seatType price { amountMinor } } } }';

describe('the internal API', () => {
  it('answers a hold as inventory knows it now, to callers with the router secret', async () => {
    const showId = await showWithSeats(request, admin, 48, 'Internal Hold Hall');
    const alice = await registerUser(request, 'internal-alice');
    const lockId = await holdSeats(request, alice.accessToken, showId, ['B2', 'A1']);
    const lock = (await request(LOCK, { id: lockId }, { token: alice.accessToken })).data!.seatLock;
    const map = (await request(SEATS, { id: showId })).data!.seatMap.seats as {
      number: string;
      row: string;
      seatType: string;
      price: { amountMinor: number };
    }[];
    const seat = (number: string) => map.find((one) => one.number === number)!;

    const answer = await ask('inventory', `/holds/${lockId}`);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({
      lockId,
      showId,
      userId: alice.id,
      status: 'ACTIVE',
      seats: ['A1', 'B2'].map((number) => ({
        number,
        row: seat(number).row,
        seatType: seat(number).seatType,
        priceMinor: seat(number).price.amountMinor,
      })),
      totalMinor: lock.total.amountMinor,
      currency: 'INR',
      expiresAt: lock.expiresAt,
      startsAt: expect.any(String),
    });

    await request(
      'mutation($id: ID!) { releaseSeats(lockId: $id) { status } }',
      { id: lockId },
      { token: alice.accessToken },
    );
    expect(await (await ask('inventory', `/holds/${lockId}`)).json()).toMatchObject({ lockId, status: 'RELEASED' });
    expect((await ask('inventory', `/holds/${randomUUID()}`)).status).toBe(404);
    expect((await ask('inventory', '/holds/not-a-uuid')).status).toBe(404);
  });

  it('answers a booking as booking knows it now', async () => {
    const showId = await showWithSeats(request, admin, 48, 'Internal Booking Hall');
    const bob = await registerUser(request, 'internal-bob');
    const booking = await holdAndBook(request, bob.accessToken, showId, ['C3']);
    const answer = await ask('booking', `/bookings/${booking.id}`);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({
      bookingId: booking.id,
      reference: booking.reference,
      userId: bob.id,
      showId,
      status: 'PENDING',
      totalMinor: booking.totalAmount.amountMinor,
      finalMinor: booking.finalAmount.amountMinor,
      currency: booking.finalAmount.currency,
      expiresAt: booking.expiresAt,
    });
    expect((await ask('booking', `/bookings/${randomUUID()}`)).status).toBe(404);
  });

  it('refuses callers without the secret, and is not reachable through the router', async () => {
    const showId = await showWithSeats(request, admin, 48, 'Internal Closed Hall');
    const carol = await registerUser(request, 'internal-carol');
    const lockId = await holdSeats(request, carol.accessToken, showId, ['A3']);
    for (const headers of [{}, { [ROUTER_SECRET_HEADER]: `${secret}x` }] as Record<string, string>[]) {
      const refused = await ask('inventory', `/holds/${lockId}`, headers);
      expect(refused.status).toBe(403);
      expect(JSON.stringify(await refused.json())).not.toContain(lockId);
    }
    // The router serves GraphQL only; with or without the secret, a client asking it for the path gets nothing.
    for (const headers of [{}, { [ROUTER_SECRET_HEADER]: secret, authorization: `Bearer ${carol.accessToken}` }]) {
      const viaRouter = await fetch(new URL(`/internal/v1/holds/${lockId}`, env.routerUrl), { headers });
      expect(viaRouter.status).toBe(404);
      expect(await viaRouter.text()).not.toContain(carol.id);
    }
  });
});
