import { beforeAll, describe, expect, it } from '@jest/globals';
import { liveChannels } from '@showstream/contracts';
import { createLogger, RedisPubSub } from '@showstream/platform';
import {
  CANCEL_BOOKING,
  getBooking,
  holdAndBook,
  paymentFailed,
  paymentSucceeded,
  publishEvents,
  registerUser,
  showWithSeats,
  testEnvironment,
  waitFor,
  waitForBooking,
  type TestBooking,
  type TestUser,
} from '@showstream/testkit';
import { SEAT_MAP, adminToken, bookingEvents, expectCode, request, waitForSeats } from './helpers.ts';

let admin: string;
beforeAll(async () => {
  admin = await adminToken();
});

/** A booking paid by a PaymentSucceeded as the payment service would publish it, once CONFIRMED. */
async function confirmedBooking(user: TestUser, showId: string, seats: string[]): Promise<TestBooking> {
  const booking = await holdAndBook(request, user.accessToken, showId, seats);
  await publishEvents('payment-events', [paymentSucceeded(booking)]);
  return waitForBooking(request, user.accessToken, booking.id, 'CONFIRMED');
}

describe('payment outcomes', () => {
  it('confirms a paid booking once: seats BOOKED, a confirmation message, a success record and a live status change', async () => {
    const showId = await showWithSeats(request, admin);
    const user = await registerUser(request, 'payer');
    const live = new RedisPubSub(testEnvironment().redisUrl, createLogger('test', 'silent'));
    const statuses: string[] = [];
    const booking = await holdAndBook(request, user.accessToken, showId, ['B1', 'B2']);
    const unsubscribe = await live.subscribe(liveChannels.booking.name(booking.id), (message) =>
      statuses.push(JSON.parse(message).status),
    );
    try {
      // Delivered twice, as Kafka may: the second changes nothing.
      const paid = paymentSucceeded(booking);
      await publishEvents('payment-events', [paid, paid]);
      const confirmed = await waitForBooking(request, user.accessToken, booking.id, 'CONFIRMED');
      expect(confirmed).toMatchObject({ paymentStatus: 'SUCCEEDED' });
      expect(confirmed.confirmedAt).toBeTruthy();
      await waitForSeats(showId, ['B1', 'B2'], 'BOOKED');
      expect((await request(SEAT_MAP, { id: showId })).data!.seatMap).toMatchObject({
        booked: 2,
        locked: 0,
        available: 16,
      });

      const [notice] = await bookingEvents('notification-events', 'NotificationRequested', booking.id, {
        kind: 'BOOKING_CONFIRMED',
      });
      expect(notice!.data).toMatchObject({
        userId: user.id,
        variables: {
          reference: booking.reference,
          seats: ['B1', 'B2'],
          amount: { amountMinor: booking.finalAmount.amountMinor, currency: 'INR' },
        },
      });
      const [success] = await bookingEvents('analytics-events', 'BookingSucceeded', booking.id);
      expect(success!.data).toMatchObject({
        userId: user.id,
        showId,
        totalMinor: booking.totalAmount.amountMinor,
        finalMinor: booking.finalAmount.amountMinor,
        currency: 'INR',
      });

      expect(
        await bookingEvents('booking-events', 'BookingConfirmed', booking.id, { count: 2, timeoutMs: 3_000 }),
      ).toHaveLength(1);
      expect((await getBooking(request, user.accessToken, booking.id)).history.map((step) => step.status)).toEqual([
        'PENDING',
        'CONFIRMED',
      ]);
      // The live relay forwards the change to the booking's channel (a fresh relay group may still be joining).
      await waitFor(() => statuses.includes('CONFIRMED'), 30_000);
    } finally {
      await unsubscribe();
      await live.close();
    }
  }, 90_000);

  it('never confirms for a different amount, or for a payment after the deadline', async () => {
    const showId = await showWithSeats(request, admin);
    const user = await registerUser(request, 'odd-payer');
    const booking = await holdAndBook(request, user.accessToken, showId, ['A1']);
    await publishEvents('payment-events', [
      paymentSucceeded(booking, { amountMinor: 1 }),
      paymentSucceeded(booking, { succeededAt: new Date(Date.now() + 3_600_000).toISOString() }),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await getBooking(request, user.accessToken, booking.id)).toMatchObject({
      status: 'PENDING',
      paymentStatus: 'PENDING',
    });
  });

  it('fails a booking whose payment failed and frees its seats; a late success changes nothing', async () => {
    const showId = await showWithSeats(request, admin);
    const user = await registerUser(request, 'declined');
    const booking = await holdAndBook(request, user.accessToken, showId, ['C5', 'C6']);
    const failed = paymentFailed(booking);
    await publishEvents('payment-events', [failed, failed]);
    const ended = await waitForBooking(request, user.accessToken, booking.id, 'FAILED');
    expect(ended).toMatchObject({ paymentStatus: 'FAILED' });
    expect(ended.history.map((step) => step.status)).toEqual(['PENDING', 'FAILED']);
    await waitForSeats(showId, ['C5', 'C6'], 'AVAILABLE');
    expect(
      await bookingEvents('notification-events', 'NotificationRequested', booking.id, { kind: 'PAYMENT_FAILED' }),
    ).toHaveLength(1);

    await publishEvents('payment-events', [paymentSucceeded(booking)]);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await getBooking(request, user.accessToken, booking.id)).status).toBe('FAILED');
  });
});

describe('cancelling a confirmed booking', () => {
  const cancelledEvent = async (bookingId: string) =>
    (await bookingEvents('booking-events', 'BookingCancelled', bookingId))[0]!.data as Record<string, unknown>;
  /** What the booking says cancelling would do, asked before cancelling (the front end's preview). */
  const quote = async (token: string, bookingId: string) =>
    (
      await request(
        'query($id: ID!) { booking(id: $id) { cancellationQuote { allowed refundAmount { amountMinor } rule } } }',
        { id: bookingId },
        { token },
      )
    ).data!.booking.cancellationQuote;

  it('refunds the tickets 48 h or more before the show and puts the seats back on sale', async () => {
    const showId = await showWithSeats(request, admin, 72);
    const user = await registerUser(request, 'early');
    const booking = await confirmedBooking(user, showId, ['A2', 'A3']);
    await waitForSeats(showId, ['A2', 'A3'], 'BOOKED');
    expect(await quote(user.accessToken, booking.id)).toMatchObject({
      allowed: true,
      refundAmount: { amountMinor: booking.totalAmount.amountMinor },
    });
    const cancelled = (await request(CANCEL_BOOKING, { id: booking.id }, { token: user.accessToken })).data!
      .cancelBooking;
    expect(cancelled).toMatchObject({
      status: 'CANCELLED',
      refundAmount: { amountMinor: booking.totalAmount.amountMinor },
    });
    expect(await cancelledEvent(booking.id)).toMatchObject({
      wasConfirmed: true,
      refundMinor: booking.totalAmount.amountMinor,
      byShowCancellation: false,
    });
    await waitForSeats(showId, ['A2', 'A3'], 'AVAILABLE');
    const [released] = await bookingEvents('inventory-events', 'SeatsReleased', booking.id);
    expect(released!.data).toMatchObject({ reason: 'BOOKING_CANCELLED' });
  });

  it('refunds half from 4 h to 48 h before the show', async () => {
    const showId = await showWithSeats(request, admin, 24);
    const user = await registerUser(request, 'late');
    const booking = await confirmedBooking(user, showId, ['A2']);
    expect(await quote(user.accessToken, booking.id)).toMatchObject({
      allowed: true,
      refundAmount: { amountMinor: Math.floor(booking.totalAmount.amountMinor / 2) },
    });
    const cancelled = (await request(CANCEL_BOOKING, { id: booking.id }, { token: user.accessToken })).data!
      .cancelBooking;
    expect(cancelled.refundAmount.amountMinor).toBe(Math.floor(booking.totalAmount.amountMinor / 2));
    expect(await cancelledEvent(booking.id)).toMatchObject({
      wasConfirmed: true,
      refundMinor: Math.floor(booking.totalAmount.amountMinor / 2),
    });
  });

  it('refuses under 4 h before the show', async () => {
    const showId = await showWithSeats(request, admin, 2);
    const user = await registerUser(request, 'too-late');
    const booking = await confirmedBooking(user, showId, ['A2']);
    const refused = await quote(user.accessToken, booking.id);
    expect(refused).toMatchObject({ allowed: false, refundAmount: { amountMinor: 0 } });
    const response = await request(CANCEL_BOOKING, { id: booking.id }, { token: user.accessToken });
    expectCode(response, 'BAD_USER_INPUT', 'id');
    // The refusal says what the quote said.
    expect(response.errors![0]!.message).toBe(refused.rule);
    expect((await getBooking(request, user.accessToken, booking.id)).status).toBe('CONFIRMED');
  });
});

describe('a cancelled show', () => {
  it('cancels every open booking of the show, refunding confirmed ones in full, and blocks the seats', async () => {
    const showId = await showWithSeats(request, admin);
    const paid = await registerUser(request, 'paid');
    const unpaid = await registerUser(request, 'unpaid');
    const confirmed = await confirmedBooking(paid, showId, ['B3']);
    const pending = await holdAndBook(request, unpaid.accessToken, showId, ['B4']);
    await request(
      'mutation($id: ID!) { cancelShow(id: $id, reason: "Power outage") { id } }',
      { id: showId },
      { token: admin },
    );

    const [first, second] = await Promise.all([
      waitForBooking(request, paid.accessToken, confirmed.id, 'CANCELLED'),
      waitForBooking(request, unpaid.accessToken, pending.id, 'CANCELLED'),
    ]);
    expect(first.refundAmount!.amountMinor).toBe(confirmed.finalAmount.amountMinor);
    expect(second.refundAmount!.amountMinor).toBe(0);
    expect((await bookingEvents('booking-events', 'BookingCancelled', confirmed.id))[0]!.data).toMatchObject({
      wasConfirmed: true,
      refundMinor: confirmed.finalAmount.amountMinor,
      byShowCancellation: true,
    });
    expect(
      await bookingEvents('notification-events', 'NotificationRequested', confirmed.id, { kind: 'SHOW_CANCELLED' }),
    ).toHaveLength(1);
    await waitForSeats(showId, ['B3', 'B4', 'A1'], 'BLOCKED');
    expect((await request(SEAT_MAP, { id: showId })).data!.seatMap).toMatchObject({
      available: 0,
      locked: 0,
      booked: 0,
    });
  });
});
