import { run, type EntityManager } from '@showstream/platform';
import type { EventData, Seat } from '@showstream/contracts';
import type { Hold } from './hold.entity.ts';
import { recordHold as insertHold } from './holds.queries.ts';

/** What SeatsLocked says of a hold, which inventory's internal API also answers (without the seat map's version). */
export type HeldSeats = Omit<EventData<'inventory-events', 'SeatsLocked'>, 'version' | 'seats'> & { seats: Seat[] };

/**
 * Writes a hold into booking's projection once: from SeatsLocked (ACTIVE), or from inventory's own
 * answer when the event has not arrived yet (with the status inventory gave). Whichever comes first
 * wins and the other changes nothing; SeatsReleased then moves only an ACTIVE hold, so the event
 * stream arriving after an answer leaves the row as the answer left it.
 */
export async function recordHold(tx: EntityManager, hold: HeldSeats, status: Hold['status'] = 'ACTIVE'): Promise<void> {
  const seats = hold.seats.map(({ number, row, seatType, priceMinor }) => ({ number, row, seatType, priceMinor }));
  await run(tx, insertHold, {
    lockId: hold.lockId,
    showId: hold.showId,
    userId: hold.userId,
    seats: JSON.stringify(seats),
    totalMinor: hold.totalMinor,
    currency: hold.currency,
    expiresAt: hold.expiresAt,
    showStartsAt: hold.startsAt,
    status,
  });
}
