import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { ReadSeatMapResult } from './seats.queries.ts';

export const SEAT_STATUSES = ['AVAILABLE', 'LOCKED', 'BOOKED', 'BLOCKED'] as const;
export type SeatStatus = (typeof SEAT_STATUSES)[number];

export const SeatSchema = defineEntity({
  name: 'Seat',
  tableName: 'seat_inventory',
  properties: {
    id: p.uuid().primary(),
    showId: p.uuid(),
    seatNumber: p.string().length(10),
    rowLabel: p.string().length(4),
    seatType: p.string().length(20),
    priceMinor: p.integer(),
    position: p.integer(),
    status: p.enum(SEAT_STATUSES),
    lockId: p.uuid().nullable(),
    lockedBy: p.uuid().nullable(),
    lockedUntil: p.datetime().nullable(),
    heldPriceMinor: p.integer().nullable(),
    bookingId: p.uuid().nullable(),
    updatedAt: p.datetime(),
  },
});
export type Seat = InferEntity<typeof SeatSchema>;

/** A seat as the API and the events show it. */
export interface SeatView {
  number: string;
  row: string;
  seatType: string;
  priceMinor: number;
  status: SeatStatus;
}

/**
 * The seat columns every statement that shows seats selects (the seat map, a hold's seats, the hold facts, the
 * seats a cancelled show blocks and a confirmed booking books), so each statement's generated row is one.
 */
export type SeatViewSource = Pick<
  ReadSeatMapResult,
  'seat_number' | 'row_label' | 'seat_type' | 'price_minor' | 'status' | 'locked_until' | 'held_price_minor' | 'lock_id'
>;

/** A status read from the database (its check constraint allows only these) narrowed to the statuses this code knows. */
function seatStatus(value: string): SeatStatus {
  const status = SEAT_STATUSES.find((known) => known === value);
  if (!status) throw new Error(`unknown seat status ${value}`);
  return status;
}

/**
 * The one place a seat row becomes a seat view. What a client sees: a hold that has run out is available even
 * before the sweeper has freed it. `heldFor` gives a hold's own view of its seats: the seats it holds show as
 * held, at the price held, whatever the clock says (a consumed hold keeps them until its booking ends).
 */
export function seatView(seat: SeatViewSource, options: { now?: number; heldFor?: string } = {}): SeatView {
  const status = seatStatus(seat.status);
  const view = { number: seat.seat_number, row: seat.row_label, seatType: seat.seat_type };
  if (options.heldFor !== undefined && seat.lock_id === options.heldFor)
    return { ...view, priceMinor: seat.held_price_minor ?? seat.price_minor, status: 'LOCKED' };
  const expired =
    status === 'LOCKED' && seat.locked_until !== null && Date.parse(seat.locked_until) <= (options.now ?? Date.now());
  return {
    ...view,
    priceMinor: status === 'LOCKED' && !expired ? (seat.held_price_minor ?? seat.price_minor) : seat.price_minor,
    status: expired ? 'AVAILABLE' : status,
  };
}
