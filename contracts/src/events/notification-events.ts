import { z } from 'zod';
import { id, instant } from './shared.ts';

/**
 * `notification-events`, keyed by user id: messages the booking saga asks for. Each kind names the
 * variables it carries; a template for one of these kinds may use only these (and the recipient's
 * own). Kinds admins add for themselves (e.g. PROMOTION) are sent through the API, not this topic.
 */
export const NOTIFICATION_TRIGGERS = {
  BOOKING_CONFIRMED: [
    'reference',
    'seats',
    'amount',
    'eventTitle',
    'venueName',
    'venueAddress',
    'showTime',
    'startsAt',
    'timeZone',
    'tickets',
  ],
  PAYMENT_FAILED: ['reference', 'code', 'reason'],
  REFUND_ISSUED: ['reference', 'amount'],
  SHOW_CANCELLED: ['reference', 'reason', 'refund'],
  BOOKING_EXPIRED: ['reference'],
  HOLD_EXPIRING: ['reference', 'expiresAt', 'minutesLeft'],
} as const satisfies Record<string, readonly string[]>;

/**
 * What BOOKING_CONFIRMED says of the show and its tickets: the message's what, where and when, and
 * what the email's PDF tickets and calendar entry are made from. `showTime` is the venue's local time
 * with its zone, ready to read (`Sat, 5 Dec, 2026, 7:30 pm IST`).
 */
export const TicketDelivery = z.object({
  bookingId: id,
  reference: z.string(),
  eventTitle: z.string(),
  venueName: z.string(),
  venueAddress: z.string(),
  startsAt: instant,
  endsAt: instant,
  timeZone: z.string(),
  showTime: z.string(),
  tickets: z.array(
    z.object({ id, seatNumber: z.string(), row: z.string(), seatType: z.string(), qrPayload: z.string() }),
  ),
});
export type TicketDelivery = z.infer<typeof TicketDelivery>;

export type NotificationKind = keyof typeof NOTIFICATION_TRIGGERS;
export const NOTIFICATION_KINDS = Object.keys(NOTIFICATION_TRIGGERS) as NotificationKind[];
export const isNotificationKind = (kind: string): kind is NotificationKind =>
  Object.hasOwn(NOTIFICATION_TRIGGERS, kind);

export const NotificationRequested = z.object({
  userId: id,
  kind: z.enum(NOTIFICATION_KINDS as [NotificationKind, ...NotificationKind[]]),
  bookingId: id.optional(),
  showId: id.optional(),
  variables: z.record(z.string(), z.unknown()),
});

export const notificationEvents = { NotificationRequested };
