import { query, type EntityManager } from '@showstream/platform';

/**
 * Moves a show's counts and bumps its seat-map version in the caller's transaction. The row
 * lock this takes is held to commit, so versions follow commit order: a client that has seen
 * version N has seen every change up to N.
 */
export async function bumpShowVersion(tx: EntityManager, showId: string, delta: { available?: number; locked?: number; booked?: number }): Promise<number> {
  const [row] = await query<{ version: number }>(
    tx,
    `update show_inventory set version = version + 1, available = available + ?, locked = locked + ?, booked = booked + ?, updated_at = now()
     where show_id = ? returning version`,
    [delta.available ?? 0, delta.locked ?? 0, delta.booked ?? 0, showId],
  );
  if (!row) throw new Error(`show ${showId} has no inventory`);
  return row.version;
}
