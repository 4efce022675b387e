import { randomUUID } from 'node:crypto';
import type { EventData } from '@showstream/contracts';
import { query, type EntityManager, type Logger } from '@showstream/platform';

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
    const inserted = await query<{ id: string }>(
      tx,
      `insert into loyalty_transactions (id, user_id, booking_id, payment_id, kind, points, amount_minor)
       select ?, ?, ?, ?, 'EARN', ?, ? where exists (select 1 from users where id = ?)
       on conflict do nothing returning id`,
      [randomUUID(), booking.userId, booking.bookingId, booking.paymentId, points, booking.finalMinor, booking.userId],
    );
    if (inserted.length === 0) {
      this.#logger.warn(
        { bookingId: booking.bookingId, userId: booking.userId },
        'no points earned: unknown user or already earned',
      );
      return;
    }
    await query(
      tx,
      'update loyalty_accounts set points = points + ?, lifetime_points = lifetime_points + ?, updated_at = now() where user_id = ?',
      [points, points, booking.userId],
    );
  }

  /** Refunds take points back. */
  async reverse(tx: EntityManager, refund: RefundSucceededData): Promise<void> {
    // The earn row is locked so two refunds of one booking cannot both reverse the same points.
    // Only a refund of the payment the booking was confirmed with: a duplicate or late payment's refund earned nothing.
    const [earned] = await query<{ user_id: string; points: number; amount_minor: number }>(
      tx,
      "select user_id, points, amount_minor from loyalty_transactions where booking_id = ? and payment_id = ? and kind = 'EARN' for update",
      [refund.bookingId, refund.paymentId],
    );
    if (!earned) return;
    const [{ reversed }] = (await query<{ reversed: number }>(
      tx,
      "select coalesce(sum(points), 0)::int as reversed from loyalty_transactions where booking_id = ? and kind = 'REVERSE'",
      [refund.bookingId],
    )) as [{ reversed: number }];
    const points = pointsToReverse(
      { points: earned.points, amountMinor: earned.amount_minor },
      reversed,
      refund.amountMinor,
    );
    if (points === 0) return;
    await query(
      tx,
      "insert into loyalty_transactions (id, user_id, booking_id, payment_id, kind, points, amount_minor) values (?, ?, ?, ?, 'REVERSE', ?, ?)",
      [randomUUID(), earned.user_id, refund.bookingId, refund.paymentId, points, refund.amountMinor],
    );
    // Lifetime points drop too: a refunded booking should not keep its holder in a higher tier.
    await query(
      tx,
      'update loyalty_accounts set points = greatest(points - ?, 0), lifetime_points = greatest(lifetime_points - ?, 0), updated_at = now() where user_id = ?',
      [points, points, earned.user_id],
    );
  }
}
