import { query, type EntityManager } from '@showstream/platform';
import type { EventData, Seat } from '@showstream/contracts';
import type { Hold } from './hold.entity.ts';

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
  await query(
    tx,
    `insert into booking_holds (lock_id, show_id, user_id, seats, total_minor, currency, expires_at, show_starts_at, status)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (lock_id) do nothing`,
    [
      hold.lockId,
      hold.showId,
      hold.userId,
      JSON.stringify(seats),
      hold.totalMinor,
      hold.currency,
      hold.expiresAt,
      hold.startsAt,
      status,
    ],
  );
}
