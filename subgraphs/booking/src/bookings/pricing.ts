import type { BookingConfig, FeeRule } from '../config.ts';
import type { Booking } from './booking.entity.ts';

export interface BookingAmounts {
  totalMinor: number;
  bookingFeeMinor: number;
  taxesMinor: number;
  finalMinor: number;
  /** The tax's name (GST), or null when the currency's rule has no tax. */
  taxName: string | null;
}

const NO_FEE: FeeRule = { feePerSeatMinor: 0, tax: null };

/**
 * The fee and tax for bookings in `currency`: BOOKING_FEES' entry for it; for INR without one, the
 * fee BOOKING_FEE_PER_SEAT_MINOR and GST at GST_RATE_PERCENT (₹30 and 18 % by default); for any
 * other currency, no fee and no tax.
 */
export function feeRuleFor(
  config: Pick<BookingConfig, 'BOOKING_FEES' | 'BOOKING_FEE_PER_SEAT_MINOR' | 'GST_RATE_PERCENT'>,
  currency: string,
): FeeRule {
  const configured = config.BOOKING_FEES[currency];
  if (configured) return configured;
  if (currency === 'INR')
    return {
      feePerSeatMinor: config.BOOKING_FEE_PER_SEAT_MINOR,
      tax: config.GST_RATE_PERCENT > 0 ? { name: 'GST', ratePercent: config.GST_RATE_PERCENT } : null,
    };
  return NO_FEE;
}

/**
 * Tickets at their held prices, the rule's fee per seat, and its tax on the fee rounded half up to
 * a whole minor unit of the currency (docs/booking-saga.md). Every amount is in one currency: the
 * hold's, which is its show's (a show is priced in one currency, checked by the catalog).
 */
export function bookingAmounts(seatPricesMinor: number[], rule: FeeRule): BookingAmounts {
  const totalMinor = seatPricesMinor.reduce((sum, price) => sum + price, 0);
  const bookingFeeMinor = rule.feePerSeatMinor * seatPricesMinor.length;
  const taxesMinor = rule.tax ? Math.round((bookingFeeMinor * rule.tax.ratePercent) / 100) : 0;
  return {
    totalMinor,
    bookingFeeMinor,
    taxesMinor,
    finalMinor: totalMinor + bookingFeeMinor + taxesMinor,
    taxName: rule.tax?.name ?? null,
  };
}

const HOUR_MS = 3_600_000;

export interface CancellationQuote {
  allowed: boolean;
  refundMinor: number;
  /** The rule that applies, in words a customer can read. */
  rule: string;
}

type Cancellable = Pick<Booking, 'status' | 'paymentStatus' | 'totalMinor' | 'finalMinor' | 'showStartsAt'> &
  Partial<Pick<Booking, 'bookingFeeMinor' | 'taxName'>>;

/** What a customer's cancellation keeps: "the booking fee and its GST", "the booking fee", or nothing. */
function kept(booking: Cancellable): string {
  if (booking.bookingFeeMinor === 0) return '';
  return booking.taxName === null
    ? '; the booking fee is not'
    : `; the booking fee and its ${booking.taxName ?? 'tax'} are not`;
}

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
      rule: `48 hours or more before the show: the ticket amount is refunded${kept(booking)}.`,
    };
  if (hoursLeft >= 4)
    return {
      allowed: true,
      refundMinor: Math.floor(booking.totalMinor / 2),
      rule: `Between 4 and 48 hours before the show: half the ticket amount is refunded${kept(booking)}.`,
    };
  return {
    allowed: false,
    refundMinor: 0,
    rule: 'A confirmed booking can no longer be cancelled within 4 hours of the show.',
  };
}
