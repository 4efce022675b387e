import { z } from 'zod';
import { internalCallConfigShape, isCurrency, loadConfig } from '@showstream/platform';

/** What a booking in one currency is charged on top of its tickets: a fee per seat, and a tax on the fee (or none). */
const feeRule = z.strictObject({
  /** Per seat, in the currency's minor units (yen for JPY). */
  feePerSeatMinor: z.number().int().min(0).max(1_000_000).default(0),
  /** A tax on the fee, e.g. { "name": "GST", "ratePercent": 18 }; the tickets' own tax is in their price. */
  tax: z
    .strictObject({ name: z.string().trim().min(1).max(20), ratePercent: z.number().min(0).max(100) })
    .nullish()
    .transform((tax) => tax ?? null),
});
export type FeeRule = z.infer<typeof feeRule>;

export const bookingConfigShape = {
  /**
   * INR's rule, kept from before BOOKING_FEES: the convenience fee per seat in paise (₹30) and GST
   * on it. A BOOKING_FEES entry for INR replaces both.
   */
  BOOKING_FEE_PER_SEAT_MINOR: z.coerce.number().int().min(0).max(1_000_000).default(3000),
  GST_RATE_PERCENT: z.coerce.number().min(0).max(100).default(18),
  /**
   * Fee and tax per currency, a JSON object keyed by ISO 4217 code:
   * `{"USD":{"feePerSeatMinor":150,"tax":{"name":"Sales tax","ratePercent":8}},"JPY":{"feePerSeatMinor":200}}`.
   * A currency with no rule (and not INR) is charged no fee and no tax. Keyed by currency because a
   * venue has no country of its own yet; every currency the catalogue sells in is one country's.
   */
  BOOKING_FEES: z
    .string()
    .default('{}')
    .transform((raw, ctx) => {
      try {
        return z.record(z.string().refine(isCurrency, 'not an ISO 4217 currency code'), feeRule).parse(JSON.parse(raw));
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: `not a valid fee map: ${(error as Error).message}` });
        return z.NEVER;
      }
    }),
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
