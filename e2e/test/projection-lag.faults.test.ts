/**
 * No booking waits for a projection. With the Kafka broker stopped for over 30 s every consumer is
 * at least that far behind, so booking has not seen the hold and payment has not seen the booking:
 * each asks the owner of the fact (inventory, booking) instead, and the booking goes through. The
 * honest refusals (someone else's hold, a hold that ran out, an unknown one) still come, through
 * the same path. When the broker is back the saga finishes, and the late events change nothing.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import {
  CREATE_BOOKING,
  SUPERADMIN,
  errorCode,
  graphqlClient,
  holdSeats,
  loginAs,
  registerUser,
  showWithSeats,
  testCard,
  testEnvironment,
  waitFor,
  waitForBooking,
  withKafkaDown,
  withServiceHung,
  type TestBooking,
} from '@showstream/testkit';
import { BOOKING_OUTCOME, CONFIRM, INITIATE, seatStatuses, type BookingOutcome } from './flow.ts';

const request = graphqlClient(testEnvironment().routerUrl);
let admin: string;
beforeAll(async () => {
  admin = (await loginAs(request, SUPERADMIN.email, SUPERADMIN.password)).accessToken;
});

const LOCK = 'query($id: ID!) { seatLock(id: $id) { status expiresAt total { amountMinor } } }';
const lockOf = async (token: string, id: string) =>
  (await request(LOCK, { id }, { token })).data!.seatLock as {
    status: string;
    expiresAt: string;
    total: { amountMinor: number };
  };
const sleepUntil = (time: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, time - Date.now())));

describe('bookings with every consumer behind', () => {
  it('books and pays while no event can arrive, refuses only honestly, and completes the saga afterwards', async () => {
    const showId = await showWithSeats(request, admin, 72, 'Lagging Consumers Hall');
    const buyer = await registerUser(request, 'lag-buyer');
    const other = await registerUser(request, 'lag-other');
    const late = await registerUser(request, 'lag-late');
    let booking!: TestBooking;
    let lockId!: string;
    let heldTotal!: number;
    let expiring!: string;

    await withKafkaDown(async () => {
      const stopped = Date.now();
      // A hold that runs out while the broker is down: its SeatsReleased cannot reach booking either.
      expiring = await holdSeats(request, late.accessToken, showId, ['C1']);
      const expiresAt = Date.parse((await lockOf(late.accessToken, expiring)).expiresAt);
      await sleepUntil(Math.max(stopped + 30_000, expiresAt));
      await waitFor(async () => (await lockOf(late.accessToken, expiring)).status === 'EXPIRED', 10_000, 200);

      // Consumers are now over 30 s behind: nothing held from here on can be in booking's projection.
      lockId = await holdSeats(request, buyer.accessToken, showId, ['A1', 'A2']);
      heldTotal = (await lockOf(buyer.accessToken, lockId)).total.amountMinor;
      const created = await request(CREATE_BOOKING, { lockId }, { token: buyer.accessToken });
      expect(created.errors).toBeUndefined();
      booking = created.data!.createBooking as TestBooking;
      expect(booking).toMatchObject({
        status: 'PENDING',
        paymentStatus: 'PENDING',
        user: { id: buyer.id },
        show: { id: showId },
      });
      expect(booking.seats.map((seat) => seat.number)).toEqual(['A1', 'A2']);
      // The held prices, as inventory told them.
      expect(booking.totalAmount.amountMinor).toBe(heldTotal);
      // A retried createBooking is the same booking, now from the projection inventory's answer filled.
      const again = await request(CREATE_BOOKING, { lockId }, { token: buyer.accessToken });
      expect(again.data?.createBooking.id).toBe(booking.id);

      // Payment has not seen BookingCreated either: it asks booking, and takes the amount from its answer.
      const initiated = await request(INITIATE, { booking: booking.id }, { token: buyer.accessToken });
      expect(initiated.errors).toBeUndefined();
      expect(initiated.data!.initiatePayment.amount).toEqual({
        amountMinor: booking.finalAmount.amountMinor,
        currency: booking.finalAmount.currency,
      });
      const paid = await request(
        CONFIRM,
        { txn: initiated.data!.initiatePayment.transactionId, token: testCard('success') },
        { token: buyer.accessToken },
      );
      expect(paid.data?.confirmPayment.status).toBe('SUCCEEDED');
      expect(errorCode(await request(INITIATE, { booking: booking.id }, { token: other.accessToken }))).toBe(
        'FORBIDDEN',
      );

      // The honest refusals, each for a hold booking's projection has never seen.
      const othersHold = await holdSeats(request, buyer.accessToken, showId, ['B1']);
      expect(errorCode(await request(CREATE_BOOKING, { lockId: othersHold }, { token: other.accessToken }))).toBe(
        'FORBIDDEN',
      );
      const ranOut = await request(CREATE_BOOKING, { lockId: expiring }, { token: late.accessToken });
      expect(errorCode(ranOut)).toBe('CONFLICT');
      expect(ranOut.errors![0]!.message).toMatch(/expired/);
      expect(errorCode(await request(CREATE_BOOKING, { lockId: randomUUID() }, { token: buyer.accessToken }))).toBe(
        'NOT_FOUND',
      );
      // An owner that does not answer: a prompt refusal (the call's timeout) that says to come back, not a hung request.
      const unconfirmed = await holdSeats(request, buyer.accessToken, showId, ['B3']);
      await withServiceHung('inventory', async () => {
        const started = Date.now();
        const refused = await request(CREATE_BOOKING, { lockId: unconfirmed }, { token: buyer.accessToken });
        expect(errorCode(refused)).toBe('SERVICE_UNAVAILABLE');
        expect(refused.errors![0]!.extensions!.retryAfterSeconds).toBeGreaterThan(0);
        expect(Date.now() - started).toBeLessThan(4_500);
      });

      // The saga's news is still in the outboxes: paid, not yet confirmed.
      const waiting = (await request(BOOKING_OUTCOME, { id: booking.id }, { token: buyer.accessToken })).data!
        .booking as BookingOutcome;
      expect(waiting).toMatchObject({ status: 'PENDING', payments: [{ status: 'SUCCEEDED' }] });
    });

    // The broker is back: inventory consumes the hold, booking confirms, the seats are sold.
    const confirmed = await waitForBooking(request, buyer.accessToken, booking.id, 'CONFIRMED', 150_000);
    expect(confirmed.paymentStatus).toBe('SUCCEEDED');
    expect(confirmed.totalAmount.amountMinor).toBe(heldTotal);
    expect(confirmed.history.map((step) => step.status)).toEqual(['PENDING', 'CONFIRMED']);
    await waitFor(
      async () => (await seatStatuses(request, showId, ['A1', 'A2'])).every((status) => status === 'BOOKED'),
      30_000,
      250,
    );
    expect(await seatStatuses(request, showId, ['C1'])).toEqual(['AVAILABLE']);
    // Money agrees: one payment of the final amount, nothing refunded.
    const outcome = (await request(BOOKING_OUTCOME, { id: booking.id }, { token: buyer.accessToken })).data!
      .booking as BookingOutcome;
    expect(outcome.payments).toEqual([
      expect.objectContaining({
        status: 'SUCCEEDED',
        amount: { amountMinor: confirmed.finalAmount.amountMinor },
        refunds: [],
      }),
    ]);
    // The late SeatsLocked, SeatsReleased and BookingCreated changed nothing: still one booking, the hold's answer stands.
    expect(errorCode(await request(CREATE_BOOKING, { lockId: expiring }, { token: late.accessToken }))).toBe(
      'CONFLICT',
    );
    expect((await request(CREATE_BOOKING, { lockId }, { token: buyer.accessToken })).data?.createBooking).toMatchObject(
      { id: booking.id, status: 'CONFIRMED' },
    );
  }, 360_000);
});
