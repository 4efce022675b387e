import { z } from 'zod';

/** Ids are UUIDs everywhere; timestamps travel as ISO-8601 instants. */
export const id = z.uuid();
export const instant = z.iso.datetime({ offset: true });
/** Amounts are integers in the currency's minor unit (paise, cents). */
export const minor = z.number().int();
export const currency = z.string().length(3);

/** A seat of a show as events carry it: where it is and what it sells for. */
export const seat = z.object({
  number: z.string(),
  row: z.string(),
  seatType: z.string(),
  priceMinor: minor,
});
export type Seat = z.infer<typeof seat>;

export const SEAT_STATUSES = ['AVAILABLE', 'LOCKED', 'BOOKED', 'BLOCKED'] as const;
export const seatStatus = z.enum(SEAT_STATUSES);
export type SeatStatus = z.infer<typeof seatStatus>;

/** A seat with its status: what the seat map and seat-change events show. */
export const seatView = seat.extend({ status: seatStatus });
export type SeatView = z.infer<typeof seatView>;

export const ROLES = ['USER', 'ADMIN', 'SUPER_ADMIN'] as const;
export const role = z.enum(ROLES);
