import { z } from 'zod';
import { internalCallConfigShape, loadConfig } from '@showstream/platform';

export const bookingConfigShape = {
  /** Convenience fee charged per seat, in minor units (₹30). */
  BOOKING_FEE_PER_SEAT_MINOR: z.coerce.number().int().min(0).max(1_000_000).default(3000),
  /** GST on the convenience fee (the tickets' own tax is in their price). */
  GST_RATE_PERCENT: z.coerce.number().min(0).max(100).default(18),
  /** Time to pay once a booking is created; never past the show's start. */
  PAYMENT_WINDOW_MINUTES: z.coerce.number().positive().max(60).default(10),
  /** Extra time after the deadline for a payment that succeeded in time to arrive over Kafka. */
  PAYMENT_GRACE_SECONDS: z.coerce.number().min(0).max(600).default(30),
  /** A hold must have at least this much time left to become a booking, so inventory can still consume it. */
  MIN_HOLD_REMAINING_SECONDS: z.coerce.number().min(0).max(120).default(5),
  /** How long before its payment deadline an unpaid booking's buyer is reminded (HOLD_EXPIRING). */
  EXPIRY_WARNING_SECONDS: z.coerce.number().int().min(0).max(3_600).default(120),
  /** How often pending bookings are reminded near, and expired past, their deadline. */
  BOOKING_EXPIRY_SWEEP_MS: z.coerce.number().int().min(50).max(60_000).default(1_000),
  /** Doors open this long before a show starts: earlier scans are refused with ADMISSION_NOT_OPEN. */
  TICKET_ADMISSION_OPENS_MINUTES: z.coerce.number().int().min(0).max(10_080).default(180),
  /** Tickets expire (their signed `exp`) this long after the show starts. */
  TICKET_ADMISSION_CLOSES_MINUTES: z.coerce.number().int().min(0).max(10_080).default(240),
  /** Asking inventory for a hold the saga's consumer has not brought yet, and catalog for a show. */
  ...internalCallConfigShape,
};

export const loadBookingConfig = () => loadConfig(bookingConfigShape);
export type BookingConfig = ReturnType<typeof loadBookingConfig>;
