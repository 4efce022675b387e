import type { EventData, SeatChangeEvent } from '@showstream/contracts';
import type { EntityManager, Outbox } from '@showstream/platform';
import { bumpShowVersion } from './shows.queries.ts';

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
  const changed = await outbox.addWith(tx, 'inventory-events', event, bumpShowVersion, {
    showId,
    available: delta.available ?? 0,
    locked: delta.locked ?? 0,
    booked: delta.booked ?? 0,
  });
  if (!changed) throw new Error(`show ${showId} has no inventory`);
  return changed.version;
}
