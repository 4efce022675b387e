/**
 * The saga under crashes: a service killed (SIGKILL: no draining, no final outbox flush) or the
 * Kafka broker stopped in the middle of many bookings. After recovery every booking must reach a
 * final state, and money and seats must agree with it.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import {
  SUPERADMIN,
  crashAndRestart,
  graphqlClient,
  holdAndBook,
  loginAs,
  registerUser,
  serviceHealth,
  showWithSeats,
  testCard,
  testEnvironment,
  waitFor,
  withKafkaDown,
  type TestBooking,
  type TestUser,
} from '@showstream/testkit';
import { BOOKING_OUTCOME, CONFIRM, INITIATE, seatStatuses, type BookingOutcome } from './flow.ts';

const request = graphqlClient(testEnvironment().routerUrl);
let admin: string;
beforeAll(async () => {
  admin = (await loginAs(request, SUPERADMIN.email, SUPERADMIN.password)).accessToken;
});

const FINAL = new Set(['CONFIRMED', 'FAILED', 'EXPIRED', 'CANCELLED']);

interface Attempt {
  buyer: TestUser;
  booking: TestBooking;
  seats: string[];
  transactionId: string;
  card: string;
}

/** `count` buyers, each with a PENDING booking of two seats of the show and an initiated payment. */
async function pendingBookings(showId: string, count: number): Promise<Attempt[]> {
  const attempts: Attempt[] = [];
  for (let i = 0; i < count; i++) {
    const buyer = await registerUser(request, `crash-${i}`);
    const seats = [`${'ABC'[Math.floor(i / 3)]}${(i % 3) * 2 + 1}`, `${'ABC'[Math.floor(i / 3)]}${(i % 3) * 2 + 2}`];
    const booking = await holdAndBook(request, buyer.accessToken, showId, seats);
    const initiated = await request(INITIATE, { booking: booking.id }, { token: buyer.accessToken });
    if (initiated.errors) throw new Error(JSON.stringify(initiated.errors));
    attempts.push({
      buyer,
      booking,
      seats,
      transactionId: initiated.data!.initiatePayment.transactionId,
      card: testCard('success'),
    });
  }
  return attempts;
}

/** confirmPayment as a client does it: an error (the service was down) is retried, the same transaction each time. */
async function payUntilAnswered(attempt: Attempt): Promise<void> {
  await waitFor(
    async () =>
      !(
        await request(
          CONFIRM,
          { txn: attempt.transactionId, token: attempt.card },
          { token: attempt.buyer.accessToken },
        )
      ).errors,
    90_000,
    500,
  );
}

/** Every booking final; CONFIRMED ⇔ paid once and seats BOOKED; anything else ⇔ money back in full and seats not sold. */
async function expectConsistent(showId: string, attempts: Attempt[]): Promise<BookingOutcome[]> {
  const outcomes: BookingOutcome[] = [];
  for (const attempt of attempts) {
    let outcome: BookingOutcome | undefined;
    await waitFor(
      async () => {
        outcome = (await request(BOOKING_OUTCOME, { id: attempt.booking.id }, { token: attempt.buyer.accessToken }))
          .data?.booking as BookingOutcome | undefined;
        if (!outcome || !FINAL.has(outcome.status)) return false;
        // Money settles after the status: wait until no refund is still on its way.
        return outcome.payments.every((payment) => payment.refunds.every((refund) => refund.status === 'SUCCEEDED'));
      },
      90_000,
      250,
    ).catch(() => {
      throw new Error(`booking ${attempt.booking.id} did not settle: ${JSON.stringify(outcome)}`);
    });
    const succeeded = outcome!.payments.filter((payment) =>
      ['SUCCEEDED', 'REFUNDED', 'PARTIALLY_REFUNDED'].includes(payment.status),
    );
    const refunded = succeeded.reduce(
      (sum, payment) => sum + payment.refunds.reduce((total, refund) => total + refund.amount.amountMinor, 0),
      0,
    );
    // Seats follow the booking's status one hop later (inventory consumes the booking's event).
    const seatsSettle = (status: string) =>
      waitFor(
        async () => (await seatStatuses(request, showId, attempt.seats)).every((seat) => seat === status),
        30_000,
      ).catch(async () => {
        throw new Error(
          `booking ${attempt.booking.id} is ${outcome!.status} but its seats are ${(await seatStatuses(request, showId, attempt.seats)).join(', ')}`,
        );
      });
    if (outcome!.status === 'CONFIRMED') {
      expect(succeeded).toHaveLength(1);
      expect(refunded).toBe(0);
      await seatsSettle('BOOKED');
    } else {
      expect(refunded).toBe(succeeded.reduce((sum, payment) => sum + payment.amount.amountMinor, 0));
      await seatsSettle('AVAILABLE');
    }
    outcomes.push(outcome!);
  }
  return outcomes;
}

describe('the booking saga survives crashes', () => {
  it('finishes every booking when the payment service is killed while charging', async () => {
    const showId = await showWithSeats(request, admin, 72, 'Crash Payment Hall');
    const attempts = await pendingBookings(showId, 6);
    const paying = attempts.map((attempt) => payUntilAnswered(attempt));
    await new Promise((resolve) => setTimeout(resolve, 30));
    await crashAndRestart('payment');
    await Promise.all(paying);
    const outcomes = await expectConsistent(showId, attempts);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(attempts.map(() => 'CONFIRMED'));
  });

  it('finishes every booking when the booking service is down while the payments succeed', async () => {
    const showId = await showWithSeats(request, admin, 72, 'Crash Booking Hall');
    const attempts = await pendingBookings(showId, 6);
    await crashAndRestart('booking', async () => {
      await Promise.all(attempts.map((attempt) => payUntilAnswered(attempt)));
    });
    const outcomes = await expectConsistent(showId, attempts);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(attempts.map(() => 'CONFIRMED'));
  });

  it('finishes every booking when the inventory service is killed mid-saga', async () => {
    const showId = await showWithSeats(request, admin, 72, 'Crash Inventory Hall');
    const attempts = await pendingBookings(showId, 6);
    const paying = Promise.all(attempts.map((attempt) => payUntilAnswered(attempt)));
    await crashAndRestart('inventory');
    await paying;
    const outcomes = await expectConsistent(showId, attempts);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(attempts.map(() => 'CONFIRMED'));
  });

  it('finishes every booking when Kafka is down while the payments succeed', async () => {
    const showId = await showWithSeats(request, admin, 72, 'Kafka Down Hall');
    const attempts = await pendingBookings(showId, 6);
    await withKafkaDown(async () => {
      // Writes go on without the broker: each service's outbox keeps the events until it is back...
      await Promise.all(attempts.map((attempt) => payUntilAnswered(attempt)));
      // ...so every payment has succeeded, and every booking still waits for that news.
      for (const attempt of attempts) {
        const { booking } = (
          await request(BOOKING_OUTCOME, { id: attempt.booking.id }, { token: attempt.buyer.accessToken })
        ).data!;
        expect(booking).toMatchObject({ status: 'PENDING', payments: [{ status: 'SUCCEEDED' }] });
      }
      // Readiness says so, and stays 200: the service answers, and its events wait in the outbox.
      await waitFor(async () => (await serviceHealth('payment')).body.checks?.events === 'failing', 60_000, 500);
      expect((await serviceHealth('payment')).status).toBe(200);
    });
    const outcomes = await expectConsistent(showId, attempts);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(attempts.map(() => 'CONFIRMED'));
    await waitFor(async () => (await serviceHealth('payment')).body.status === 'ok', 30_000, 500);
  });
});
