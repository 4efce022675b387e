import { badInput } from '@showstream/platform';
import type { BookingConfig } from '../config.ts';

export interface BookingAmounts {
  totalMinor: number;
  bookingFeeMinor: number;
  taxesMinor: number;
  finalMinor: number;
}

/** Tickets at their held prices, a fee per seat, and GST on the fee rounded half up (docs/booking-saga.md). */
export function bookingAmounts(seatPricesMinor: number[], config: Pick<BookingConfig, 'BOOKING_FEE_PER_SEAT_MINOR' | 'GST_RATE_PERCENT'>): BookingAmounts {
  const totalMinor = seatPricesMinor.reduce((sum, price) => sum + price, 0);
  const bookingFeeMinor = config.BOOKING_FEE_PER_SEAT_MINOR * seatPricesMinor.length;
  const taxesMinor = Math.round((bookingFeeMinor * config.GST_RATE_PERCENT) / 100);
  return { totalMinor, bookingFeeMinor, taxesMinor, finalMinor: totalMinor + bookingFeeMinor + taxesMinor };
}

const HOUR_MS = 3_600_000;

/**
 * What cancelling a confirmed booking refunds: the tickets in full from 48 h before the show,
 * half of them (rounded down) from 4 h, nothing later — refused. Fees and their tax stay.
 */
export function confirmedCancellationRefund(totalMinor: number, showStartsAt: Date, now = Date.now()): number {
  const hoursLeft = (showStartsAt.getTime() - now) / HOUR_MS;
  if (hoursLeft >= 48) return totalMinor;
  if (hoursLeft >= 4) return Math.floor(totalMinor / 2);
  throw badInput('A confirmed booking can no longer be cancelled within 4 hours of the show.', 'id');
}
