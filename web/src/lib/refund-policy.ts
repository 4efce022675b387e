import type { BookingDetailsFragment } from '@showstream/client-ops';
import type { Money } from './format.ts';

export interface RefundQuote {
  allowed: boolean;
  refund: Money;
  /** The rule that applies, in words. */
  rule: string;
}

const HOUR = 3_600_000;

/**
 * What cancelling now would refund, by the published policy (docs/booking-saga.md): a confirmed
 * booking gets the ticket amount back 48 h or more before the show, half of it (rounded down)
 * from 4 h, nothing after (refused); fees and their GST are not refunded; a pending booking has
 * nothing charged unless a payment already went through. The booking subgraph decides the
 * actual refund when it cancels; this is the preview shown before the person confirms.
 */
export function quoteRefund(booking: BookingDetailsFragment, now = Date.now()): RefundQuote {
  const currency = booking.totalAmount.currency;
  if (booking.status === 'PENDING') {
    const paid = booking.paymentStatus === 'SUCCEEDED';
    return { allowed: true, refund: paid ? booking.finalAmount : { amountMinor: 0, currency }, rule: paid ? 'Your payment is refunded in full.' : 'Nothing has been charged yet.' };
  }
  const hoursLeft = (Date.parse(booking.show.startsAt) - now) / HOUR;
  if (hoursLeft >= 48) return { allowed: true, refund: booking.totalAmount, rule: 'More than 48 hours before the show: the full ticket amount is refunded.' };
  if (hoursLeft >= 4) {
    return { allowed: true, refund: { amountMinor: Math.floor(booking.totalAmount.amountMinor / 2), currency }, rule: 'Between 4 and 48 hours before the show: half the ticket amount is refunded.' };
  }
  return { allowed: false, refund: { amountMinor: 0, currency }, rule: 'Confirmed bookings can’t be cancelled within 4 hours of the show.' };
}
