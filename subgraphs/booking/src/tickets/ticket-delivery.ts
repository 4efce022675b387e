import type { TicketDelivery } from '@showstream/contracts';
import { describeLocalTime, run, type EntityManager } from '@showstream/platform';
import type { Booking } from '../bookings/booking.entity.ts';
import type { ShowDetails } from '../shows/show-details.ts';
import { ticketsOfBookings } from './tickets.queries.ts';

/**
 * What a buyer is told of a confirmed booking and given to get in: the show's what, where and
 * local when, and its valid tickets. The confirmation message, the PDF and the calendar entry are
 * all made from it.
 */
export async function ticketDelivery(em: EntityManager, shows: ShowDetails, booking: Booking): Promise<TicketDelivery> {
  const show = await shows.of(em, booking.showId);
  const tickets = await run(em, ticketsOfBookings, { bookingIds: [booking.id] });
  return {
    bookingId: booking.id,
    reference: booking.reference,
    eventTitle: show.eventTitle,
    venueName: show.venueName,
    venueAddress: show.venueAddress ?? '',
    startsAt: show.startsAt,
    endsAt: show.endsAt,
    timeZone: show.timeZone,
    showTime: describeLocalTime(new Date(show.startsAt), show.timeZone),
    tickets: tickets
      .filter((ticket) => ticket.status === 'VALID')
      .map((ticket) => ({
        id: ticket.id,
        seatNumber: ticket.seatNumber,
        row: ticket.rowLabel,
        seatType: ticket.seatType,
        qrPayload: ticket.payload,
      })),
  };
}
