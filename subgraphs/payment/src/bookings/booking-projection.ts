import { query, type EntityManager } from '@showstream/platform';
import type { EventData } from '@showstream/contracts';

/**
 * Writes a new booking into payment's projection once (PENDING, the column's default): from
 * BookingCreated, or from booking's own answer when the event has not arrived yet. Whichever comes
 * first wins and the other changes nothing; later booking events then move the row as usual.
 */
export async function recordBookingCreated(
  tx: EntityManager,
  data: Omit<EventData<'booking-events', 'BookingCreated'>, 'seats'>,
): Promise<void> {
  await query(
    tx,
    `insert into booking_projection (booking_id, reference, user_id, show_id, total_minor, final_minor, currency, expires_at, show_starts_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (booking_id) do nothing`,
    [
      data.bookingId,
      data.reference,
      data.userId,
      data.showId,
      data.totalMinor,
      data.finalMinor,
      data.currency,
      data.expiresAt,
      data.showStartsAt ?? null,
    ],
  );
}
