import { internalRoutes, isUuid, query, type EntityManager, type InternalRoutes } from '@showstream/platform';
import type { EventData } from '@showstream/contracts';

/**
 * A hold as inventory knows it now, for the internal API: SeatsLocked's facts (without the seat
 * map's version) and the hold's current status. Booking asks for it when its projection has not
 * seen the hold yet, so a lagging consumer never fails a booking.
 */
export interface HoldFact extends Omit<EventData<'inventory-events', 'SeatsLocked'>, 'version' | 'seats'> {
  status: 'ACTIVE' | 'RELEASED' | 'EXPIRED' | 'CONSUMED';
  seats: { number: string; row: string; seatType: string; priceMinor: number }[];
}

interface HoldRow {
  id: string;
  show_id: string;
  user_id: string;
  status: HoldFact['status'];
  total_minor: number;
  currency: string;
  expires_at: Date;
  starts_at: Date;
  seats: HoldFact['seats'];
}

/**
 * One statement: the hold, its show's start and its seats in seat order, each at the price it was
 * held at while the hold still has it (a seat of an ended hold shows its current price; nobody can
 * book an ended hold, so that price decides nothing).
 */
export async function holdFact(em: EntityManager, lockId: string): Promise<HoldFact | undefined> {
  if (!isUuid(lockId)) return undefined;
  const [row] = await query<HoldRow>(
    em.fork(),
    `select l.id, l.show_id, l.user_id, l.status, l.total_minor, l.currency, l.expires_at, s.starts_at,
            coalesce((select json_agg(json_build_object(
                        'number', i.seat_number, 'row', i.row_label, 'seatType', i.seat_type,
                        'priceMinor', case when i.lock_id = l.id then i.held_price_minor else i.price_minor end)
                      order by i.seat_number)
                      from seat_inventory i where i.show_id = l.show_id and i.seat_number = any(l.seat_numbers)), '[]'::json) as seats
     from seat_locks l join show_inventory s on s.show_id = l.show_id
     where l.id = ?`,
    [lockId],
  );
  if (!row) return undefined;
  return {
    lockId: row.id,
    showId: row.show_id,
    userId: row.user_id,
    status: row.status,
    seats: row.seats,
    totalMinor: row.total_minor,
    currency: row.currency,
    expiresAt: new Date(row.expires_at).toISOString(),
    startsAt: new Date(row.starts_at).toISOString(),
  };
}

/** Inventory's internal API: it owns holds. */
export const holdRoutes = (em: EntityManager): InternalRoutes =>
  internalRoutes({
    '/holds/:lockId': ({ lockId }) => holdFact(em, lockId),
  });
