import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

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

/** What a client sees: a hold that has run out is available even before the sweeper has freed it. */
export function seatView(
  seat: Pick<Seat, 'seatNumber' | 'rowLabel' | 'seatType' | 'priceMinor' | 'status' | 'lockedUntil' | 'heldPriceMinor'>,
  now = Date.now(),
): SeatView {
  const expired = seat.status === 'LOCKED' && seat.lockedUntil != null && seat.lockedUntil.getTime() <= now;
  return {
    number: seat.seatNumber,
    row: seat.rowLabel,
    seatType: seat.seatType,
    priceMinor: seat.status === 'LOCKED' && !expired ? (seat.heldPriceMinor ?? seat.priceMinor) : seat.priceMinor,
    status: expired ? 'AVAILABLE' : seat.status,
  };
}
