import { beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { EventData, Seat } from '@showstream/contracts';
import { createEnvelope } from '@showstream/platform';
import { errorCode, publishEvents, registerUser, waitFor, type GraphQLResponse } from '@showstream/testkit';
import { LOCK, RELEASE, SEAT_MAP, adminToken, freshShow, request } from './helpers.ts';

let admin: string;
beforeAll(async () => {
  admin = await adminToken();
});

/** A show of the test's own as the catalog announces it: inventory creates its seats from this event alone. */
function showScheduled(showId: string, times: { startsAt: Date; endsAt: Date }, seats: Seat[]) {
  const seatTypes = [
    ...new Map(
      seats.map((seat) => [seat.seatType, { seatType: seat.seatType, priceTier: 1, amountMinor: seat.priceMinor }]),
    ).values(),
  ];
  return createEnvelope('catalog', {
    type: 'ShowScheduled',
    key: showId,
    data: {
      showId,
      eventId: randomUUID(),
      eventTitle: 'Inventory test show',
      screenId: randomUUID(),
      venueId: randomUUID(),
      city: 'Testpur',
      startsAt: times.startsAt.toISOString(),
      endsAt: times.endsAt.toISOString(),
      currency: 'INR',
      dynamicPricingEnabled: false,
      seatTypes,
      seats,
    } satisfies EventData<'inventory-events', 'ShowScheduled'>,
  });
}

const expectCode = (response: GraphQLResponse, code: string, field?: string) => {
  expect(errorCode(response)).toBe(code);
  if (field) expect(response.errors![0]!.extensions!.field).toBe(field);
};

describe('seat inventory from the catalogue', () => {
  it('creates every seat of a scheduled show at its price, once, even when the event is delivered again', async () => {
    const showId = randomUUID();
    const seats = ['A1', 'A2', 'B1'].map((number) => ({
      number,
      row: number[0]!,
      seatType: number[0] === 'B' ? 'PREMIUM' : 'NORMAL',
      priceMinor: number[0] === 'B' ? 30_000 : 15_000,
    }));
    const scheduled = showScheduled(
      showId,
      { startsAt: new Date(Date.now() + 86_400_000), endsAt: new Date(Date.now() + 90_000_000) },
      seats,
    );
    await publishEvents('inventory-events', [scheduled, scheduled]);
    await waitFor(async () => !(await request(SEAT_MAP, { id: showId })).errors, 20_000);
    await publishEvents('inventory-events', [scheduled]);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const map = (await request(SEAT_MAP, { id: showId })).data!.seatMap;
    expect(map).toMatchObject({ version: 1, available: 3, locked: 0, booked: 0 });
    expect(map.seats).toEqual([
      { number: 'A1', status: 'AVAILABLE', price: { amountMinor: 15_000, currency: 'INR' } },
      { number: 'A2', status: 'AVAILABLE', price: { amountMinor: 15_000, currency: 'INR' } },
      { number: 'B1', status: 'AVAILABLE', price: { amountMinor: 30_000, currency: 'INR' } },
    ]);
  });

  it('exposes availability on the catalog’s Show for listings', async () => {
    const showId = await freshShow(admin);
    const response = await request(
      'query($id: ID!) { show(id: $id) { event { title } availability { total available locked booked } } }',
      { id: showId },
    );
    expect(response.data!.show.availability).toEqual({ total: 18, available: 18, locked: 0, booked: 0 });
  });
});

describe('holds', () => {
  it('holds all seats or none, for the caller, and releases them', async () => {
    const showId = await freshShow(admin);
    const alice = await registerUser(request, 'alice');
    const bob = await registerUser(request, 'bob');
    const held = await request(LOCK, { show: showId, seats: ['a1', 'A2'] }, { token: alice.accessToken });
    expect(held.errors).toBeUndefined();
    expect(held.data!.lockSeats).toMatchObject({
      status: 'ACTIVE',
      total: { amountMinor: 40_000 },
      seats: [
        { number: 'A1', status: 'LOCKED' },
        { number: 'A2', status: 'LOCKED' },
      ],
    });
    expect(new Date(held.data!.lockSeats.expiresAt).getTime()).toBeGreaterThan(Date.now());

    const overlapping = await request(LOCK, { show: showId, seats: ['A3', 'A2'] }, { token: bob.accessToken });
    expectCode(overlapping, 'CONFLICT');
    expect(overlapping.errors![0]!.extensions!.unavailableSeats).toEqual(['A2']);
    let map = (await request(SEAT_MAP, { id: showId })).data!.seatMap;
    expect(map.seats.find((seat: { number: string }) => seat.number === 'A3').status).toBe('AVAILABLE');
    expect(map).toMatchObject({ available: 16, locked: 2 });

    expectCode(await request(RELEASE, { id: held.data!.lockSeats.id }, { token: bob.accessToken }), 'FORBIDDEN');
    const released = await request(RELEASE, { id: held.data!.lockSeats.id }, { token: alice.accessToken });
    expect(released.data!.releaseSeats.status).toBe('RELEASED');
    map = (await request(SEAT_MAP, { id: showId })).data!.seatMap;
    expect(map).toMatchObject({ available: 18, locked: 0 });
    expect(
      (await request(LOCK, { show: showId, seats: ['A2', 'A3'] }, { token: bob.accessToken })).errors,
    ).toBeUndefined();
  });

  it('frees an expired hold on its own, and the seat map shows it', async () => {
    const showId = await freshShow(admin);
    const user = await registerUser(request, 'expiring');
    const held = await request(LOCK, { show: showId, seats: ['C1'] }, { token: user.accessToken });
    const lockId = held.data!.lockSeats.id;
    await waitFor(
      async () =>
        (await request('query($id: ID!) { seatLock(id: $id) { status } }', { id: lockId }, { token: user.accessToken }))
          .data!.seatLock.status === 'EXPIRED',
      30_000,
      250,
    );
    // The counters move only when the sweeper frees the seats (the map already shows a run-out hold as available).
    await waitFor(
      async () =>
        (await request('query($id: ID!) { show(id: $id) { availability { locked } } }', { id: showId })).data!.show
          .availability.locked === 0,
      10_000,
    );
    const map = (await request(SEAT_MAP, { id: showId })).data!.seatMap;
    expect(map.seats.find((seat: { number: string }) => seat.number === 'C1').status).toBe('AVAILABLE');
    expect(map.version).toBeGreaterThanOrEqual(3);
  }, 60_000);

  it('refuses bad requests with clear codes and changes nothing', async () => {
    const showId = await freshShow(admin);
    const user = await registerUser(request, 'bad-hold');
    const token = user.accessToken;
    const before = (await request(SEAT_MAP, { id: showId })).data!.seatMap.version;
    expectCode(await request(LOCK, { show: randomUUID(), seats: ['A1'] }, { token }), 'NOT_FOUND');
    expectCode(await request(LOCK, { show: 'nonsense', seats: ['A1'] }, { token }), 'NOT_FOUND');
    expectCode(await request(LOCK, { show: showId, seats: ['Z99'] }, { token }), 'BAD_USER_INPUT', 'seatNumbers');
    expectCode(await request(LOCK, { show: showId, seats: ['A1', 'Z99'] }, { token }), 'BAD_USER_INPUT', 'seatNumbers');
    expectCode(await request(LOCK, { show: showId, seats: [] }, { token }), 'BAD_USER_INPUT', 'seatNumbers');
    expectCode(await request(LOCK, { show: showId, seats: ['A1', 'a1'] }, { token }), 'BAD_USER_INPUT', 'seatNumbers');
    expectCode(await request(LOCK, { show: showId, seats: ['A1'] }), 'UNAUTHENTICATED');
    expectCode(await request(RELEASE, { id: randomUUID() }, { token }), 'NOT_FOUND');
    const after = (await request(SEAT_MAP, { id: showId })).data!.seatMap;
    expect(after).toMatchObject({ version: before, available: 18, locked: 0 });
  });

  it('limits how many seats one person holds for one show', async () => {
    const showId = await freshShow(admin);
    const user = await registerUser(request, 'greedy');
    const eleven = ['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'B1', 'B2', 'B3', 'B4', 'B5'];
    expectCode(
      await request(LOCK, { show: showId, seats: eleven }, { token: user.accessToken }),
      'BAD_USER_INPUT',
      'seatNumbers',
    );
    expect(
      (await request(LOCK, { show: showId, seats: eleven.slice(0, 8) }, { token: user.accessToken })).errors,
    ).toBeUndefined();
    const more = await request(LOCK, { show: showId, seats: ['C1', 'C2', 'C3'] }, { token: user.accessToken });
    expectCode(more, 'BAD_USER_INPUT', 'seatNumbers');
    expect(more.errors![0]!.message).toMatch(/already hold 8/);
  });

  it('stops selling a cancelled show', async () => {
    const showId = await freshShow(admin);
    const user = await registerUser(request, 'cancelled');
    const held = await request(LOCK, { show: showId, seats: ['B2'] }, { token: user.accessToken });
    await request(
      'mutation($id: ID!) { cancelShow(id: $id, reason: "Venue flooded") { id } }',
      { id: showId },
      { token: admin },
    );
    await waitFor(async () => (await request(SEAT_MAP, { id: showId })).data!.seatMap.available === 0, 20_000);
    const map = (await request(SEAT_MAP, { id: showId })).data!.seatMap;
    expect(new Set(map.seats.map((seat: { status: string }) => seat.status))).toEqual(new Set(['BLOCKED']));
    expectCode(
      await request(LOCK, { show: showId, seats: ['A1'] }, { token: user.accessToken }),
      'BAD_USER_INPUT',
      'showId',
    );
    const lock = await request(
      'query($id: ID!) { seatLock(id: $id) { status } }',
      { id: held.data!.lockSeats.id },
      { token: user.accessToken },
    );
    expect(lock.data!.seatLock.status).toBe('RELEASED');
  });

  it('refuses seats of a show that has started', async () => {
    const showId = randomUUID();
    const started = showScheduled(
      showId,
      { startsAt: new Date(Date.now() - 60_000), endsAt: new Date(Date.now() + 3_600_000) },
      [{ number: 'A1', row: 'A', seatType: 'NORMAL', priceMinor: 100 }],
    );
    await publishEvents('inventory-events', [started]);
    await waitFor(async () => !(await request(SEAT_MAP, { id: showId })).errors, 20_000);
    const user = await registerUser(request, 'late');
    expectCode(
      await request(LOCK, { show: showId, seats: ['A1'] }, { token: user.accessToken }),
      'BAD_USER_INPUT',
      'showId',
    );
  });
});
