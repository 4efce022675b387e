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

/** `checkInCountChanged`: a show's check-in count after a scan, whole. */
export const CheckInCountMessage = z.object({
  showId: id,
  checkedIn: z.number().int(),
  admissible: z.number().int(),
});

export const liveChannels = {
  seatMap: { name: (showId: string) => `seat-map:${showId}`, message: SeatMapChangeMessage },
  booking: { name: (bookingId: string) => `booking:${bookingId}`, message: BookingStatusMessage },
  notifications: { name: (userId: string) => `notifications:${userId}`, message: NotificationMessage },
  checkIns: { name: (showId: string) => `check-ins:${showId}`, message: CheckInCountMessage },
} as const;

export type LiveChannel = keyof typeof liveChannels;
export type LiveMessage<C extends LiveChannel> = z.infer<(typeof liveChannels)[C]['message']>;

/**
 * A subscription field as the subgraph that owns it declares it, in its `live.ts` beside its schema.
 * The router serves every declared field the same way: it listens on the channel, checks the viewer
 * by `access`, and completes each message with `entity` fetched through the gateway.
 */
export interface LiveFieldDeclaration {
  /** The channel the messages come on, and so their contract (`LiveMessage<channel>`). */
  channel: LiveChannel;
  /** Whose channel: the object a field argument names, or the signed-in viewer's own. */
  channelOf: { argument: string } | 'viewer';
  /**
   * What to fetch through the gateway for each message: the payload field naming the entity, the
   * query field that fetches it, and `field`, the subscription field that holds it — or none, when
   * the subscription field is the entity itself. `cacheMs` 0 fetches afresh for every message.
   */
  entity?: { payloadKey: string; field?: string; queryField: string; idType: string; cacheMs?: number };
  /**
   * Who may subscribe: anyone; anyone signed in; or whoever may read the watched object, asked of the
   * owner by running `query` (its variables are the field's arguments) as the viewer: an error or a
   * null `field` refuses.
   */
  access: 'public' | 'signed-in' | { query: string; field: string; what: string };
}

/** Keeps each declaration's literal types while checking it against LiveFieldDeclaration. */
export const defineLiveFields = <Fields extends Record<string, LiveFieldDeclaration>>(fields: Fields): Fields => fields;
