import { query, type EntityManager } from '@showstream/platform';

/** Records every show still on sale at this moment into inventory_snapshots, for analytics. */
export async function takeSnapshots(em: EntityManager): Promise<number> {
  const rows = await query<{ show_id: string }>(
    em,
    `insert into inventory_snapshots (show_id, total_seats, available_seats, locked_seats, booked_seats)
     select show_id, total_seats, available, locked, booked from show_inventory where status = 'ON_SALE' and ends_at > now()
     returning show_id`,
  );
  return rows.length;
}
