import { z } from 'zod';
import { seatView, type SeatViewSource } from '../seats/seat.entity.ts';
import type { Json } from './locks.queries.ts';
import { HOLD_STATUSES } from './seat-lock.entity.ts';

/*
 * What the hold functions (migrations Migration20261203000000_hold_functions and …_seat_rows) answer, as jsonb:
 * read here into the shapes the code relies on instead of assumed. Their seats are the seats' rows as the change
 * left them, which become views through the one seatView, like every other seat row.
 */

const seatViews = z
  .array(
    z.object({
      seat_number: z.string(),
      row_label: z.string(),
      seat_type: z.string(),
      price_minor: z.number().int(),
      status: z.string(),
      locked_until: z.string().nullable(),
      held_price_minor: z.number().int().nullable(),
      lock_id: z.string().nullable(),
    }) satisfies z.ZodType<SeatViewSource>,
  )
  .transform((rows) => rows.map((row) => seatView(row)));

/** `inventory_hold`: a refusal, or the hold it placed. The common answer is tried first. */
const holdResult = z.union([
  z.object({
    refused: z.undefined().optional(),
    seatNumbers: z.array(z.string()),
    seats: seatViews,
    totalMinor: z.number().int(),
    currency: z.string(),
    startsAt: z.string(),
    lockedAt: z.string(),
    expiresAt: z.string(),
    fromAvailable: z.number().int(),
  }),
  z.object({ refused: z.enum(['NO_SHOW', 'CANCELLED', 'STARTED']) }),
  z.object({ refused: z.literal('OVER_LIMIT'), held: z.number().int() }),
  z.object({ refused: z.literal('SEATS'), found: z.array(z.string()), taken: z.array(z.string()) }),
]);

/** Seats put back on sale by `inventory_free_seats` (and so `inventory_end_hold`); null when the show is unknown here. */
const freedSeats = z
  .object({
    count: z.number().int(),
    seats: seatViews,
    currency: z.string(),
    freeAs: z.enum(['AVAILABLE', 'BLOCKED']),
  })
  .nullable();
export type FreedSeats = z.infer<typeof freedSeats>;

/** `inventory_release`: a refusal, or the hold's row as it now stands (`to_jsonb`) and what it freed. */
const releaseResult = z.union([
  z.object({
    refused: z.undefined().optional(),
    lock: z.object({
      id: z.string(),
      show_id: z.string(),
      user_id: z.string(),
      seat_numbers: z.array(z.string()),
      total_minor: z.number().int(),
      currency: z.string(),
      status: z.enum(HOLD_STATUSES),
      locked_at: z.string(),
      expires_at: z.string(),
      ended_at: z.string().nullable(),
      booking_id: z.string().nullable(),
    }),
    freed: freedSeats,
  }),
  z.object({ refused: z.enum(['NOT_FOUND', 'FORBIDDEN', 'CONSUMED']) }),
]);

export const parseHoldResult = (value: Json) => holdResult.parse(value);
export const parseReleaseResult = (value: Json) => releaseResult.parse(value);
export const parseFreedSeats = (value: Json | null) => freedSeats.parse(value);
