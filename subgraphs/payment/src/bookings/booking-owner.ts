import { InternalCallError, serviceUnavailable, type EntityManager, type InternalClient } from '@showstream/platform';
import type { EventData } from '@showstream/contracts';
import type { BookingProjection, BookingStatus } from './booking-projection.entity.ts';
import { recordBookingCreated } from './booking-projection.ts';

/** Booking's answer (its `bookings/booking-facts.ts`): BookingCreated's facts and the booking's status now. */
interface BookingFact extends Omit<EventData<'booking-events', 'BookingCreated'>, 'seats'> {
  status: BookingStatus;
}

/** What initiatePayment decides on, from the projection or from booking itself. */
export type PayableBooking = Pick<
  BookingProjection,
  'bookingId' | 'userId' | 'status' | 'finalMinor' | 'currency' | 'expiresAt'
>;

/**
 * Asks booking, which owns bookings, for one payment's projection has not seen yet (the
 * `payment-bookings` consumer may be behind). A PENDING booking is recorded in the projection as
 * BookingCreated would have recorded it, and the payment proceeds on its normal path; a booking
 * that already moved on is refused from booking's answer and left to its events, whose effects
 * (refunds of money on ended bookings) the projection must see in order.
 */
export class BookingOwner {
  readonly #booking: InternalClient;

  constructor(booking: InternalClient) {
    this.#booking = booking;
  }

  /** Undefined when booking has no such booking. */
  async confirm(em: EntityManager, bookingId: string): Promise<PayableBooking | undefined> {
    let fact: BookingFact | undefined;
    try {
      fact = await this.#booking.get<BookingFact>(`/bookings/${bookingId}`);
    } catch (error) {
      if (!(error instanceof InternalCallError)) throw error;
      throw serviceUnavailable(
        'This booking could not be confirmed right now; nothing was charged. Try again shortly.',
        2,
      );
    }
    if (!fact) return undefined;
    if (fact.status === 'PENDING') await recordBookingCreated(em.fork(), fact);
    const { userId, status, finalMinor, currency } = fact;
    return { bookingId: fact.bookingId, userId, status, finalMinor, currency, expiresAt: new Date(fact.expiresAt) };
  }
}
