import { beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import {
  CANCEL_BOOKING,
  CREATE_BOOKING,
  BOOKING,
  getBooking,
  holdAndBook,
  holdSeats,
  readEvents,
  registerUser,
  showWithSeats,
  waitFor,
  waitForBooking,
  waitForHoldConsumed,
  type TestUser,
} from '@showstream/testkit';
import { SEAT_LOCK, adminToken, bookingEvents, expectCode, request, seatStatuses, waitForSeats } from './helpers.ts';

let admin: string;
beforeAll(async () => {
  admin = await adminToken();
});

const FEE_PER_SEAT = 3000;
const GST_ON_FEE_PER_SEAT = 540;
const LOCK_TOTAL = 'query($id: ID!) { seatLock(id: $id) { total { amountMinor } expiresAt } }';

describe('createBooking', () => {
  it('books the caller’s own hold with fee and GST, once per hold, and keeps its seats for the booking', async () => {
    const showId = await showWithSeats(request, admin);
    const alice = await registerUser(request, 'alice');
    const bob = await registerUser(request, 'bob');
    const lockId = await holdSeats(request, alice.accessToken, showId, ['A1', 'C1']);
    const held = (await request(LOCK_TOTAL, { id: lockId }, { token: alice.accessToken })).data!.seatLock;

    expectCode(await request(CREATE_BOOKING, { lockId }, { token: bob.accessToken }), 'FORBIDDEN');
    const created = await request(CREATE_BOOKING, { lockId }, { token: alice.accessToken });
    expect(created.errors).toBeUndefined();
    const booking = created.data!.createBooking;
    const total = held.total.amountMinor;
    expect(booking).toMatchObject({
      status: 'PENDING',
      paymentStatus: 'PENDING',
      user: { id: alice.id },
      show: { id: showId },
      totalAmount: { amountMinor: total, currency: 'INR' },
      bookingFee: { amountMinor: 2 * FEE_PER_SEAT },
      taxes: { amountMinor: 2 * GST_ON_FEE_PER_SEAT },
      finalAmount: { amountMinor: total + 2 * (FEE_PER_SEAT + GST_ON_FEE_PER_SEAT), currency: 'INR' },
      refundAmount: null,
      history: [{ fromStatus: null, status: 'PENDING' }],
    });
    expect(booking.reference).toMatch(/^SS-[0-9A-HJKMNP-TV-Z]{8}$/);
    expect(booking.seats.map((seat: { number: string }) => seat.number)).toEqual(['A1', 'C1']);
    expect(
      booking.seats.reduce((sum: number, seat: { price: { amountMinor: number } }) => sum + seat.price.amountMinor, 0),
    ).toBe(total);
    // The test stack's payment window is 30 s.
    expect(new Date(booking.expiresAt).getTime() - Date.now()).toBeGreaterThan(20_000);

    const again = await request(CREATE_BOOKING, { lockId }, { token: alice.accessToken });
    expect(again.data!.createBooking).toMatchObject({
      id: booking.id,
      reference: booking.reference,
      status: 'PENDING',
    });

    expectCode(await request(BOOKING, { id: booking.id }, { token: bob.accessToken }), 'FORBIDDEN');
    expect((await request(BOOKING, { id: booking.id }, { token: admin })).data!.booking.reference).toBe(
      booking.reference,
    );
    expect((await request(BOOKING, { id: randomUUID() }, { token: alice.accessToken })).data!.booking).toBeNull();

    await waitForHoldConsumed(request, alice.accessToken, lockId);
    expectCode(
      await request(
        'mutation($id: ID!) { releaseSeats(lockId: $id) { status } }',
        { id: lockId },
        { token: alice.accessToken },
      ),
      'CONFLICT',
    );
    expect(await seatStatuses(showId, ['A1', 'C1'])).toEqual(['LOCKED', 'LOCKED']);
  });

  it('refuses holds that are unknown, released or run out, with clear codes', async () => {
    const showId = await showWithSeats(request, admin);
    const user = await registerUser(request, 'refused');
    const token = user.accessToken;
    expectCode(await request(CREATE_BOOKING, { lockId: randomUUID() }, { token }), 'NOT_FOUND');
    expectCode(await request(CREATE_BOOKING, { lockId: 'nonsense' }, { token }), 'NOT_FOUND');
    expectCode(await request(CREATE_BOOKING, { lockId: randomUUID() }), 'UNAUTHENTICATED');

    const released = await holdSeats(request, token, showId, ['B1']);
    await request('mutation($id: ID!) { releaseSeats(lockId: $id) { status } }', { id: released }, { token });
    await readEvents(
      'inventory-events',
      (event) => event.type === 'SeatsReleased' && (event.data as { lockId: string }).lockId === released,
    );
    // Booking learns of the release from the same event a moment later.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expectCode(await request(CREATE_BOOKING, { lockId: released }, { token }), 'CONFLICT', 'lockId');

    const expiring = await holdSeats(request, token, showId, ['B2']);
    await waitFor(
      async () => (await request(SEAT_LOCK, { id: expiring }, { token })).data!.seatLock.status === 'EXPIRED',
      30_000,
      250,
    );
    expectCode(await request(CREATE_BOOKING, { lockId: expiring }, { token }), 'CONFLICT', 'lockId');
    expect((await request('query { myBookings { totalCount } }', {}, { token })).data!.myBookings.totalCount).toBe(0);
  }, 60_000);
});

describe('a pending booking', () => {
  it('keeps its seats past the hold’s own expiry, then expires unpaid at its deadline and frees them', async () => {
    const showId = await showWithSeats(request, admin);
    const user = await registerUser(request, 'unpaid');
    const lockId = await holdSeats(request, user.accessToken, showId, ['B5']);
    const booking = (await request(CREATE_BOOKING, { lockId }, { token: user.accessToken })).data!.createBooking;
    const lock = (await request(LOCK_TOTAL, { id: lockId }, { token: user.accessToken })).data!.seatLock;

    // Past the hold's 12 s: the seat is still the booking's.
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, new Date(lock.expiresAt).getTime() - Date.now()) + 1_500),
    );
    expect((await request(SEAT_LOCK, { id: lockId }, { token: user.accessToken })).data!.seatLock.status).toBe(
      'CONSUMED',
    );
    expect(await seatStatuses(showId, ['B5'])).toEqual(['LOCKED']);
    expect((await getBooking(request, user.accessToken, booking.id)).status).toBe('PENDING');

    const expired = await waitForBooking(request, user.accessToken, booking.id, 'EXPIRED', 40_000);
    expect(expired.history.map((step) => [step.fromStatus, step.status])).toEqual([
      [null, 'PENDING'],
      ['PENDING', 'EXPIRED'],
    ]);
    await waitForSeats(showId, ['B5'], 'AVAILABLE');
    expect((await request(SEAT_LOCK, { id: lockId }, { token: user.accessToken })).data!.seatLock.status).toBe(
      'EXPIRED',
    );
    expect(
      await bookingEvents('notification-events', 'NotificationRequested', booking.id, { kind: 'BOOKING_EXPIRED' }),
    ).toHaveLength(1);
    // Its buyer was reminded once, before the deadline.
    const [reminder, ...more] = await bookingEvents('notification-events', 'NotificationRequested', booking.id, {
      kind: 'HOLD_EXPIRING',
      count: 2,
      timeoutMs: 3_000,
    });
    expect(more).toHaveLength(0);
    expect(reminder!.data).toMatchObject({
      variables: { reference: booking.reference, expiresAt: booking.expiresAt, minutesLeft: 1 },
    });
    expect(Date.parse(reminder!.occurredAt)).toBeLessThan(Date.parse(booking.expiresAt));
  }, 90_000);

  it('can be cancelled by its owner, which frees its seats at once', async () => {
    const showId = await showWithSeats(request, admin);
    const owner = await registerUser(request, 'canceller');
    const other = await registerUser(request, 'other');
    const lockId = await holdSeats(request, owner.accessToken, showId, ['C3', 'C4']);
    const booking = (await request(CREATE_BOOKING, { lockId }, { token: owner.accessToken })).data!.createBooking;
    await waitForHoldConsumed(request, owner.accessToken, lockId);

    expectCode(await request(CANCEL_BOOKING, { id: booking.id }, { token: other.accessToken }), 'FORBIDDEN');
    const cancelled = await request(
      CANCEL_BOOKING,
      { id: booking.id, reason: 'Plans changed' },
      { token: owner.accessToken },
    );
    expect(cancelled.errors).toBeUndefined();
    expect(cancelled.data!.cancelBooking).toMatchObject({ status: 'CANCELLED', refundAmount: { amountMinor: 0 } });
    expect(
      cancelled.data!.cancelBooking.history.map((step: { status: string; notes: string }) => [step.status, step.notes]),
    ).toEqual([
      ['PENDING', expect.stringContaining(lockId)],
      ['CANCELLED', 'Plans changed'],
    ]);
    // Cancelling again changes nothing.
    expect(
      (await request(CANCEL_BOOKING, { id: booking.id }, { token: owner.accessToken })).data!.cancelBooking.history,
    ).toHaveLength(2);
    expectCode(await request(CANCEL_BOOKING, { id: randomUUID() }, { token: owner.accessToken }), 'NOT_FOUND');

    await waitForSeats(showId, ['C3', 'C4'], 'AVAILABLE');
    expect((await request(SEAT_LOCK, { id: lockId }, { token: owner.accessToken })).data!.seatLock.status).toBe(
      'RELEASED',
    );
    const [released] = await bookingEvents('inventory-events', 'SeatsReleased', booking.id);
    expect(released!.data).toMatchObject({ reason: 'BOOKING_ENDED', lockId });
  });
});

describe('listing bookings', () => {
  const PAGE =
    'query($first: Int, $after: String) { myBookings(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id reference seats { number } history { status } } } } }';
  const BY_USER =
    'query($user: ID!, $first: Int) { bookingsByUser(userId: $user, first: $first) { totalCount edges { node { id } } } }';
  let user: TestUser;
  let ids: string[];

  beforeAll(async () => {
    const showId = await showWithSeats(request, admin);
    user = await registerUser(request, 'lister');
    ids = [];
    for (const seat of ['A4', 'A5', 'A6']) ids.push((await holdAndBook(request, user.accessToken, showId, [seat])).id);
  });

  it('pages the caller’s bookings newest first', async () => {
    const first = (await request(PAGE, { first: 2 }, { token: user.accessToken })).data!.myBookings;
    expect(first.totalCount).toBe(3);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await request(PAGE, { first: 2, after: first.pageInfo.endCursor }, { token: user.accessToken }))
      .data!.myBookings;
    expect(second.pageInfo.hasNextPage).toBe(false);
    const seen = [...first.edges, ...second.edges].map((edge: { node: { id: string } }) => edge.node.id);
    expect(seen).toEqual([...ids].reverse());
    expect(first.edges[0].node).toMatchObject({ seats: [{ number: 'A6' }], history: [{ status: 'PENDING' }] });
  });

  it('lets admins list anyone’s bookings, and nobody else', async () => {
    const listed = (await request(BY_USER, { user: user.id }, { token: admin })).data!.bookingsByUser;
    expect(listed.totalCount).toBe(3);
    expectCode(await request(BY_USER, { user: user.id }, { token: user.accessToken }), 'FORBIDDEN');
    expectCode(await request(BY_USER, { user: user.id }), 'UNAUTHENTICATED');
    expectCode(await request(PAGE, {}), 'UNAUTHENTICATED');
    expectCode(await request(PAGE, { after: 'not-a-cursor' }, { token: user.accessToken }), 'BAD_USER_INPUT', 'after');
    expectCode(await request(PAGE, { first: 500 }, { token: user.accessToken }), 'BAD_USER_INPUT', 'first');
  });
});
