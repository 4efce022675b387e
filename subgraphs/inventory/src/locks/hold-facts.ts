import { internalRoutes, isUuid, run, type EntityManager, type InternalRoutes } from '@showstream/platform';
import type { EventData } from '@showstream/contracts';
import { seatView } from '../seats/seat.entity.ts';
import { holdWithSeats } from './locks.queries.ts';
import { HOLD_STATUSES } from './seat-lock.entity.ts';

/**
 * A hold as inventory knows it now, for the internal API: SeatsLocked's facts (without the seat
 * map's version) and the hold's current status. Booking asks for it when its projection has not
 * seen the hold yet, so a lagging consumer never fails a booking.
 */
export interface HoldFact extends Omit<EventData<'inventory-events', 'SeatsLocked'>, 'version' | 'seats'> {
  status: (typeof HOLD_STATUSES)[number];
  seats: { number: string; row: string; seatType: string; priceMinor: number }[];
}

/** A status read from the database (its check constraint allows only these) narrowed to the statuses this code knows. */
function holdStatus(value: string): HoldFact['status'] {
  const status = HOLD_STATUSES.find((known) => known === value);
  if (!status) throw new Error(`unknown hold status ${value}`);
  return status;
}

/**
 * One statement: the hold, its show's start and its seats in seat order, each at the price it was
 * held at while the hold still has it (a seat of an ended hold shows its current price; nobody can
 * book an ended hold, so that price decides nothing).
 */
export async function holdFact(em: EntityManager, lockId: string): Promise<HoldFact | undefined> {
  if (!isUuid(lockId)) return undefined;
  const rows = await run(em.fork(), holdWithSeats, { lockId });
  const [row] = rows;
  if (!row) return undefined;
  return {
    lockId: row.id,
    showId: row.show_id,
    userId: row.user_id,
    status: holdStatus(row.hold_status),
    seats: rows.map((seatRow) => {
      const view = seatView(seatRow, { heldFor: row.id });
      return { number: view.number, row: view.row, seatType: view.seatType, priceMinor: view.priceMinor };
    }),
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
