import { beforeAll, describe, expect, it } from '@jest/globals';
import {
  SUPERADMIN,
  errorCode,
  graphqlClient,
  holdAndBook,
  loginAs,
  readEvents,
  registerUser,
  showWithSeats,
  subscribe,
  testCard,
  testEnvironment,
  waitFor,
  waitForBooking,
  type TestUser,
} from '@showstream/testkit';
import {
  BOOKING_OUTCOME,
  INITIATE,
  CONFIRM,
  SEAT_MAP_CHANGED,
  bookAndPay,
  seatStatuses,
  type SeatChange,
} from './flow.ts';

const request = graphqlClient(testEnvironment().routerUrl);
let admin: string;
beforeAll(async () => {
  admin = (await loginAs(request, SUPERADMIN.email, SUPERADMIN.password)).accessToken;
});

const BOOKING_CHANGED =
  'subscription($id: ID!) { bookingStatusChanged(id: $id) { id status paymentStatus reference show { id } } }';

type BookingChange = { bookingStatusChanged: { id: string; status: string; paymentStatus: string } };

const points = async (user: TestUser) =>
  (await request('{ me { loyalty { points } } }', {}, { token: user.accessToken })).data!.me.loyalty.points as number;

describe('the booking flow through the router', () => {
  it('holds, books and pays; the booking turns CONFIRMED live and the seats BOOKED on every seat map', async () => {
    const showId = await showWithSeats(request, admin, 72, 'Flow Hall');
    const buyer = await registerUser(request, 'buyer');
    const [watcherA, watcherB] = await Promise.all([
      subscribe<SeatChange>(SEAT_MAP_CHANGED, { show: showId }),
      subscribe<SeatChange>(
        SEAT_MAP_CHANGED,
        { show: showId },
        { token: (await registerUser(request, 'watcher')).accessToken },
      ),
    ]);

    const booking = await holdAndBook(request, buyer.accessToken, showId, ['B1', 'B2']);
    expect(booking.status).toBe('PENDING');
    const live = await subscribe<BookingChange>(BOOKING_CHANGED, { id: booking.id }, { token: buyer.accessToken });
    // Someone else may not follow it.
    const stranger = await subscribe<BookingChange>(
      BOOKING_CHANGED,
      { id: booking.id },
      { token: (await registerUser(request, 'stranger')).accessToken },
    );
    await expect(stranger.waitFor(() => true, 3_000)).rejects.toThrow(/FORBIDDEN/);

    const initiated = await request(INITIATE, { booking: booking.id }, { token: buyer.accessToken });
    expect(initiated.errors).toBeUndefined();
    expect(initiated.data!.initiatePayment.amount.amountMinor).toBe(booking.finalAmount.amountMinor);
    const confirmed = await request(
      CONFIRM,
      { txn: initiated.data!.initiatePayment.transactionId, token: testCard('success') },
      { token: buyer.accessToken },
    );
    expect(confirmed.data!.confirmPayment.status).toBe('SUCCEEDED');

    const change = await live.waitFor((message) => message.bookingStatusChanged.status === 'CONFIRMED');
    expect(change.bookingStatusChanged).toMatchObject({
      id: booking.id,
      reference: booking.reference,
      show: { id: showId },
    });
    expect(await waitForBooking(request, buyer.accessToken, booking.id, 'CONFIRMED')).toMatchObject({
      paymentStatus: 'SUCCEEDED',
    });
    const booked = (message: SeatChange) =>
      message.seatMapChanged.seats.filter((seat) => seat.status === 'BOOKED').length === 2;
    await Promise.all([watcherA.waitFor(booked), watcherB.waitFor(booked)]);
    expect(await seatStatuses(request, showId, ['B1', 'B2'])).toEqual(['BOOKED', 'BOOKED']);
    await waitFor(async () => (await points(buyer)) === Math.floor(booking.finalAmount.amountMinor / 1_000), 15_000);
    await Promise.all([watcherA.close(), watcherB.close(), live.close(), stranger.close()]);
  });

  it('records the eight events of the flow, in order, for one booking', async () => {
    const showId = await showWithSeats(request, admin, 72, 'Events Hall');
    const buyer = await registerUser(request, 'buyer');
    const { booking, lockId } = await bookAndPay(request, buyer.accessToken, showId, ['C1'], testCard('success'));
    await waitForBooking(request, buyer.accessToken, booking.id, 'CONFIRMED');

    const one = async (topic: string, type: string, match: (data: Record<string, unknown>) => boolean) => {
      const [event] = await readEvents(
        topic,
        (event) => event.type === type && match(event.data as Record<string, unknown>),
        { timeoutMs: 20_000 },
      );
      expect(event).toBeDefined();
      return event!;
    };
    const forBooking = (data: Record<string, unknown>) => data.bookingId === booking.id;
    const flow = [
      await one('inventory-events', 'SeatsLocked', (data) => data.lockId === lockId),
      await one('booking-events', 'BookingCreated', forBooking),
      await one('payment-events', 'PaymentInitiated', forBooking),
      await one('payment-events', 'PaymentSucceeded', forBooking),
      await one('booking-events', 'BookingConfirmed', forBooking),
      await one('inventory-events', 'SeatsBooked', forBooking),
      await one(
        'notification-events',
        'NotificationRequested',
        (data) => forBooking(data) && data.kind === 'BOOKING_CONFIRMED',
      ),
      await one('analytics-events', 'BookingSucceeded', forBooking),
    ];
    const times = flow.map((event) => Date.parse(event.occurredAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    // The confirmation notice carries what the message to the buyer needs.
    expect(flow[6]!.data).toMatchObject({
      userId: buyer.id,
      variables: expect.objectContaining({ reference: booking.reference }),
    });
  });

  it('frees the seats when the card is declined', async () => {
    const showId = await showWithSeats(request, admin, 72, 'Declined Hall');
    const buyer = await registerUser(request, 'buyer');
    const { booking, payment } = await bookAndPay(
      request,
      buyer.accessToken,
      showId,
      ['A1', 'A2'],
      testCard('declined'),
    );
    expect(payment.status).toBe('FAILED');
    await waitForBooking(request, buyer.accessToken, booking.id, 'FAILED');
    await waitFor(
      async () => (await seatStatuses(request, showId, ['A1', 'A2'])).every((status) => status === 'AVAILABLE'),
      15_000,
    );
    // A new attempt to pay a failed booking is refused (a retry of the same request answers the same failed payment).
    const again = await request(
      INITIATE.replace('"card"', '"UPI"'),
      { booking: booking.id },
      { token: buyer.accessToken },
    );
    expect(errorCode(again)).toBe('CONFLICT');
    const retry = await request(INITIATE, { booking: booking.id }, { token: buyer.accessToken });
    expect(retry.data!.initiatePayment).toMatchObject({ id: payment.id, status: 'FAILED' });
  });

  it('blocks a payment that fraud checks flag, and frees the seats', async () => {
    const showId = await showWithSeats(request, admin, 72, 'Fraud Hall');
    const buyer = await registerUser(request, 'buyer');
    const { booking, payment } = await bookAndPay(request, buyer.accessToken, showId, ['A3'], testCard('fraud'));
    expect(payment.status).toBe('FAILED');
    await waitForBooking(request, buyer.accessToken, booking.id, 'FAILED');
    await waitFor(async () => (await seatStatuses(request, showId, ['A3']))[0] === 'AVAILABLE', 15_000);
  });

  it('refunds a cancellation per the policy, frees the seats and takes back the points', async () => {
    const showId = await showWithSeats(request, admin, 72, 'Cancel Hall');
    const buyer = await registerUser(request, 'buyer');
    const { booking } = await bookAndPay(request, buyer.accessToken, showId, ['C5', 'C6'], testCard('success'));
    await waitForBooking(request, buyer.accessToken, booking.id, 'CONFIRMED');
    await waitFor(async () => (await points(buyer)) > 0, 15_000);

    const cancelled = await request(
      'mutation($id: ID!) { cancelBooking(id: $id, reason: "Plans changed") { status } }',
      { id: booking.id },
      { token: buyer.accessToken },
    );
    expect(cancelled.data!.cancelBooking.status).toBe('CANCELLED');
    // 72 h before the show: the tickets come back, the booking fee and its tax do not.
    let outcome: Record<string, any> = {};
    await waitFor(async () => {
      outcome = (await request(BOOKING_OUTCOME, { id: booking.id }, { token: buyer.accessToken })).data!.booking;
      return outcome.paymentStatus === 'PARTIALLY_REFUNDED';
    }, 20_000);
    const [payment] = outcome.payments as { status: string; refunds: { amount: { amountMinor: number } }[] }[];
    expect(payment!.status).toBe('PARTIALLY_REFUNDED');
    expect(payment!.refunds.map((refund) => refund.amount.amountMinor)).toEqual([booking.totalAmount.amountMinor]);
    await waitFor(
      async () => (await seatStatuses(request, showId, ['C5', 'C6'])).every((status) => status === 'AVAILABLE'),
      15_000,
    );
    const refundedShare = booking.totalAmount.amountMinor / booking.finalAmount.amountMinor;
    const earned = Math.floor(booking.finalAmount.amountMinor / 1_000);
    await waitFor(async () => (await points(buyer)) === earned - Math.round(earned * refundedShare), 15_000);

    // Cancelling again is answered like the first time, and refunds nothing more.
    const again = await request(
      'mutation($id: ID!) { cancelBooking(id: $id) { status } }',
      { id: booking.id },
      { token: buyer.accessToken },
    );
    expect(again.data!.cancelBooking.status).toBe('CANCELLED');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const settled = (await request(BOOKING_OUTCOME, { id: booking.id }, { token: buyer.accessToken })).data!.booking;
    expect(settled.payments[0].refunds).toHaveLength(1);
  });
});
