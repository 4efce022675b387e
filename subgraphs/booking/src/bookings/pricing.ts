import type { BookingConfig } from '../config.ts';
import type { Booking } from './booking.entity.ts';

export interface BookingAmounts {
  totalMinor: number;
  bookingFeeMinor: number;
  taxesMinor: number;
  finalMinor: number;
}

/** Tickets at their held prices, a fee per seat, and GST on the fee rounded half up (docs/booking-saga.md). */
export function bookingAmounts(
  seatPricesMinor: number[],
  config: Pick<BookingConfig, 'BOOKING_FEE_PER_SEAT_MINOR' | 'GST_RATE_PERCENT'>,
): BookingAmounts {
  const totalMinor = seatPricesMinor.reduce((sum, price) => sum + price, 0);
  const bookingFeeMinor = config.BOOKING_FEE_PER_SEAT_MINOR * seatPricesMinor.length;
  const taxesMinor = Math.round((bookingFeeMinor * config.GST_RATE_PERCENT) / 100);
  return { totalMinor, bookingFeeMinor, taxesMinor, finalMinor: totalMinor + bookingFeeMinor + taxesMinor };
}

const HOUR_MS = 3_600_000;

export interface CancellationQuote {
  allowed: boolean;
  refundMinor: number;
  /** The rule that applies, in words a customer can read. */
  rule: string;
}

type Cancellable = Pick<Booking, 'status' | 'paymentStatus' | 'totalMinor' | 'finalMinor' | 'showStartsAt'>;

/**
 * The refund policy (docs/booking-saga.md), in one place for cancelling and for quoting it in
 * advance: a pending booking gets back whatever was paid; a confirmed one the tickets in full from
 * 48 h before the show, half of them (rounded down) from 4 h, and can no longer be cancelled later.
 * Fees and their tax stay. A cancelled show refunds everything paid, whenever it is.
 */
export function cancellationQuote(
  booking: Cancellable,
  { now = Date.now(), byShowCancellation = false } = {},
): CancellationQuote {
  if (booking.status !== 'PENDING' && booking.status !== 'CONFIRMED')
    return { allowed: false, refundMinor: 0, rule: `This booking has already ended (${booking.status}).` };
  const paidMinor = booking.status === 'CONFIRMED' || booking.paymentStatus === 'SUCCEEDED' ? booking.finalMinor : 0;
  if (byShowCancellation)
    return { allowed: true, refundMinor: paidMinor, rule: 'The show was cancelled: everything paid is refunded.' };
  if (booking.status === 'PENDING')
    return {
      allowed: true,
      refundMinor: paidMinor,
      rule: paidMinor > 0 ? 'Your payment is refunded in full.' : 'Nothing has been charged yet.',
    };
  const hoursLeft = (booking.showStartsAt.getTime() - now) / HOUR_MS;
  if (hoursLeft >= 48)
    return {
      allowed: true,
      refundMinor: booking.totalMinor,
      rule: '48 hours or more before the show: the ticket amount is refunded; the booking fee and its GST are not.',
    };
  if (hoursLeft >= 4)
    return {
      allowed: true,
      refundMinor: Math.floor(booking.totalMinor / 2),
      rule: 'Between 4 and 48 hours before the show: half the ticket amount is refunded; the booking fee and its GST are not.',
    };
  return {
    allowed: false,
    refundMinor: 0,
    rule: 'A confirmed booking can no longer be cancelled within 4 hours of the show.',
  };
}
