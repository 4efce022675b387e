import { z } from 'zod';
import { id, instant, seatStatus } from './events/shared.ts';

/**
 * Live channels: the pub/sub channels that subgraphs publish live changes on and the router serves
 * as subscription fields, one channel per watched object (so a router process receives only what its
 * own sockets watch), each with the message it carries.
 */

/** `seatMapChanged`: the seats of a show that changed, with the seat map's new version (the router adds `show`). */
export const SeatMapChangeMessage = z.object({
  showId: id,
  version: z.number().int(),
  seats: z.array(
    z.object({
      number: z.string(),
      row: z.string(),
      seatType: z.string(),
      price: z.object({ amountMinor: z.number().int(), currency: z.string() }),
      status: seatStatus,
    }),
  ),
});

export const BOOKING_STATUSES = ['PENDING', 'CONFIRMED', 'FAILED', 'EXPIRED', 'CANCELLED'] as const;

/** `bookingStatusChanged`: a booking's new status; the router fetches the rest of the Booking as the viewer. */
export const BookingStatusMessage = z.object({ id, status: z.enum(BOOKING_STATUSES) });

/** `notificationReceived`: an in-app notification, whole. */
export const NotificationMessage = z.object({
  id,
  channel: z.literal('IN_APP'),
  subject: z.string().nullable(),
  body: z.string(),
  status: z.string(),
  readAt: instant.nullable(),
  createdAt: instant,
});

export const liveChannels = {
  seatMap: { name: (showId: string) => `seat-map:${showId}`, message: SeatMapChangeMessage },
  booking: { name: (bookingId: string) => `booking:${bookingId}`, message: BookingStatusMessage },
  notifications: { name: (userId: string) => `notifications:${userId}`, message: NotificationMessage },
} as const;

export type LiveChannel = keyof typeof liveChannels;
export type LiveMessage<C extends LiveChannel> = z.infer<(typeof liveChannels)[C]['message']>;
