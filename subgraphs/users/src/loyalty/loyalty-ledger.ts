import { randomUUID } from 'node:crypto';
import type { EventData } from '@showstream/contracts';
import { run, runOne, type EntityManager, type Logger } from '@showstream/platform';
import {
  addPoints,
  lockEarnedPoints,
  recordEarnedPoints,
  recordReversedPoints,
  reversedPoints,
  takeBackPoints,
} from './loyalty.queries.ts';

type BookingConfirmedData = EventData<'booking-events', 'BookingConfirmed'>;
type RefundSucceededData = EventData<'payment-events', 'RefundSucceeded'>;

/** One point per ₹10 (1,000 paise) paid for a confirmed booking. */
export const MINOR_UNITS_PER_POINT = 1_000;

export const pointsFor = (amountMinor: number) => Math.floor(amountMinor / MINOR_UNITS_PER_POINT);

/**
 * Points earned for a refunded amount, in proportion to the booking's final amount, never more
 * than the booking earned less what earlier refunds already took back.
 */
export function pointsToReverse(
  earned: { points: number; amountMinor: number },
  alreadyReversed: number,
  refundMinor: number,
): number {
  if (earned.amountMinor <= 0) return 0;
  const proportional = Math.round((earned.points * Math.min(refundMinor, earned.amountMinor)) / earned.amountMinor);
  return Math.max(0, Math.min(proportional, earned.points - alreadyReversed));
}

/**
 * Keeps loyalty balances in step with bookings: confirmed bookings earn points, refunds take
 * them back in proportion. Runs inside the inbox transaction, so a redelivered event changes nothing.
 */
export class LoyaltyLedger {
  readonly #logger: Logger;

  constructor(logger: Logger) {
    this.#logger = logger.child({ component: 'loyalty' });
  }

  /** Confirmed bookings earn points (see docs/booking-saga.md). */
  async earn(tx: EntityManager, booking: BookingConfirmedData): Promise<void> {
    const points = pointsFor(booking.finalMinor);
    const inserted = await run(tx, recordEarnedPoints, {
      id: randomUUID(),
      userId: booking.userId,
      bookingId: booking.bookingId,
      paymentId: booking.paymentId,
      points,
      amountMinor: booking.finalMinor,
    });
    if (inserted.length === 0) {
      this.#logger.warn(
        { bookingId: booking.bookingId, userId: booking.userId },
        'no points earned: unknown user or already earned',
      );
      return;
    }
    await run(tx, addPoints, { points, userId: booking.userId });
  }

  /** Refunds take points back. */
  async reverse(tx: EntityManager, refund: RefundSucceededData): Promise<void> {
    // Only a refund of the payment the booking was confirmed with: a duplicate or late payment's refund earned nothing.
    const [earned] = await run(tx, lockEarnedPoints, { bookingId: refund.bookingId, paymentId: refund.paymentId });
    if (!earned) return;
    const { reversed } = await runOne(tx, reversedPoints, { bookingId: refund.bookingId });
    const points = pointsToReverse(
      { points: earned.points, amountMinor: earned.amount_minor },
      reversed,
      refund.amountMinor,
    );
    if (points === 0) return;
    await run(tx, recordReversedPoints, {
      id: randomUUID(),
      userId: earned.user_id,
      bookingId: refund.bookingId,
      paymentId: refund.paymentId,
      points,
      amountMinor: refund.amountMinor,
    });
    await run(tx, takeBackPoints, { points, userId: earned.user_id });
  }
}
