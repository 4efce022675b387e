import { run, type EntityManager } from '@showstream/platform';
import type { EventData } from '@showstream/contracts';
import { recordBookingCreated as insertBookingCreated } from './bookings.queries.ts';

/**
 * Writes a new booking into payment's projection once (PENDING, the column's default): from
 * BookingCreated, or from booking's own answer when the event has not arrived yet. Whichever comes
 * first wins and the other changes nothing; later booking events then move the row as usual.
 */
export async function recordBookingCreated(
  tx: EntityManager,
  data: Omit<EventData<'booking-events', 'BookingCreated'>, 'seats'>,
): Promise<void> {
  await run(tx, insertBookingCreated, { ...data, showStartsAt: data.showStartsAt ?? null });
}
