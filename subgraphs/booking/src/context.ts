import type DataLoader from 'dataloader';
import { groupedLoader, keyedLoader, type BaseContext, type EntityManager } from '@showstream/platform';
import {
  BookingSchema,
  BookingSeatSchema,
  BookingStatusChangeSchema,
  type Booking,
  type BookingSeat,
  type BookingStatusChange,
} from './bookings/booking.entity.ts';
import type { BookingService } from './bookings/booking.service.ts';

export interface BookingLoaders {
  booking: DataLoader<string, Booking | null>;
  seats: DataLoader<string, BookingSeat[]>;
  history: DataLoader<string, BookingStatusChange[]>;
}

export interface BookingContext extends BaseContext {
  em: EntityManager;
  bookings: BookingService;
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
  };
}
