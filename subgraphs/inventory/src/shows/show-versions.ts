import type { EventData, SeatChangeEvent } from '@showstream/contracts';
import type { EntityManager, Outbox } from '@showstream/platform';

/**
 * Moves a show's counts, bumps its seat-map version and writes the event announcing the change
 * with that version, in one statement. Every change to a show queues on the row lock this takes,
 * so callers make it their last statement before COMMIT: the lock is then held for one round
 * trip. Held to commit, it makes versions follow commit order: a client that has seen version N
 * has seen every change up to N.
 */
export async function announceSeatChange<E extends SeatChangeEvent>(
  tx: EntityManager,
  outbox: Outbox,
  showId: string,
  delta: { available?: number; locked?: number; booked?: number },
  event: { type: E; key: string; data: Omit<EventData<'inventory-events', E>, 'version'> },
): Promise<number> {
  const written = await outbox.addWith<'inventory-events', E, 'version'>(tx, 'inventory-events', event, {
    sql: `update show_inventory set version = version + 1, available = available + ?, locked = locked + ?, booked = booked + ?, updated_at = now()
          where show_id = ? returning version`,
    params: [delta.available ?? 0, delta.locked ?? 0, delta.booked ?? 0, showId],
  });
  if (!written) throw new Error(`show ${showId} has no inventory`);
  return written.data.version;
}
