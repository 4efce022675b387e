import type DataLoader from 'dataloader';
import { groupedLoader, keyedLoader, run, type BaseContext, type EntityManager } from '@showstream/platform';
import {
  BookingSchema,
  BookingSeatSchema,
  BookingStatusChangeSchema,
  type Booking,
  type BookingSeat,
  type BookingStatusChange,
} from './bookings/booking.entity.ts';
import type { BookingService } from './bookings/booking.service.ts';
import type { ShowDetails } from './shows/show-details.ts';
import type { CheckInService } from './tickets/check-in.service.ts';
import type { TicketRow } from './tickets/ticket-book.ts';
import { ticketsOfBookings } from './tickets/tickets.queries.ts';

export interface BookingLoaders {
  booking: DataLoader<string, Booking | null>;
  seats: DataLoader<string, BookingSeat[]>;
  history: DataLoader<string, BookingStatusChange[]>;
  tickets: DataLoader<string, TicketRow[]>;
}

export interface BookingContext extends BaseContext {
  em: EntityManager;
  bookings: BookingService;
  checkIns: CheckInService;
  shows: ShowDetails;
  loaders: BookingLoaders;
}

/** One query per kind of row per request, so a page of bookings costs the same whatever its size. */
export function createLoaders(em: EntityManager): BookingLoaders {
  return {
    booking: keyedLoader(
      (ids) => em.find(BookingSchema, { id: { $in: [...ids] } }),
      (row) => row.id,
    ),
    seats: groupedLoader(
      (ids) => em.find(BookingSeatSchema, { bookingId: { $in: [...ids] } }, { orderBy: { position: 'asc' } }),
      (row) => row.bookingId,
    ),
    history: groupedLoader(
      (ids) =>
        em.find(
          BookingStatusChangeSchema,
          { bookingId: { $in: [...ids] } },
          { orderBy: { changedAt: 'asc', id: 'asc' } },
        ),
      (row) => row.bookingId,
    ),
    tickets: groupedLoader(
      (ids) => run(em, ticketsOfBookings, { bookingIds: [...ids] }),
      (row) => row.bookingId,
    ),
  };
}
