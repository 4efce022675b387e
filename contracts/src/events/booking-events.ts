import { z } from 'zod';
import { currency, id, instant, minor, seat } from './shared.ts';

/** `booking-events`, keyed by booking id: a booking's life from its hold to its end (docs/booking-saga.md). */

const bookingRef = z.object({
  bookingId: id,
  reference: z.string(),
  userId: id,
  showId: id,
  lockId: id,
});

export const BookingCreated = bookingRef.extend({
  seats: z.array(seat),
  totalMinor: minor,
  bookingFeeMinor: minor,
  taxesMinor: minor,
  finalMinor: minor,
  currency,
  /** The payment deadline. */
  expiresAt: instant,
  showStartsAt: instant,
});

export const BookingConfirmed = bookingRef.extend({
  seats: z.array(seat),
  finalMinor: minor,
  currency,
  paymentId: id,
});

/** A pending booking that ended unpaid: failed (payment refused) or expired (deadline passed). */
export const BookingEnded = bookingRef.extend({ reason: z.string() });

export const BookingCancelled = bookingRef.extend({
  wasConfirmed: z.boolean(),
  /** What payment refunds of a confirmed booking; an unconfirmed one is refunded whatever succeeded. */
  refundMinor: minor,
  reason: z.string(),
  byShowCancellation: z.boolean(),
});

export const bookingEvents = {
  BookingCreated,
  BookingConfirmed,
  BookingFailed: BookingEnded,
  BookingExpired: BookingEnded,
  BookingCancelled,
};
