import { internalRoutes, isUuid, type EntityManager, type InternalRoutes } from '@showstream/platform';
import type { EventData } from '@showstream/contracts';
import { createdFacts } from './booking-lifecycle.ts';
import { BookingSchema, type BookingStatus } from './booking.entity.ts';
import type { ShowDetails } from '../shows/show-details.ts';
import { ticketDocuments } from '../tickets/ticket-documents.ts';

/**
 * A booking as booking knows it now, for the internal API: BookingCreated's facts (without the
 * seats) and the booking's current status. Payment asks for it when its projection has not seen
 * the booking yet, so a lagging consumer never fails `initiatePayment`.
 */
export interface BookingFact extends Omit<EventData<'booking-events', 'BookingCreated'>, 'seats'> {
  status: BookingStatus;
}

export async function bookingFact(em: EntityManager, bookingId: string): Promise<BookingFact | undefined> {
  if (!isUuid(bookingId)) return undefined;
  const booking = await em.fork().findOne(BookingSchema, { id: bookingId });
  if (!booking) return undefined;
  return { ...createdFacts(booking), status: booking.status };
}

/** Booking's internal API: it owns bookings and their tickets. */
export const bookingRoutes = (em: EntityManager, shows: ShowDetails): InternalRoutes =>
  internalRoutes({
    '/bookings/:bookingId': ({ bookingId }) => bookingFact(em, bookingId),
    '/bookings/:bookingId/ticket-documents': async ({ bookingId }) => {
      if (!isUuid(bookingId)) return undefined;
      const fork = em.fork();
      const booking = await fork.findOne(BookingSchema, { id: bookingId });
      return booking ? ticketDocuments(fork, shows, booking) : undefined;
    },
  });
