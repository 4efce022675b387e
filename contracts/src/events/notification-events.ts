import { z } from 'zod';
import { id } from './shared.ts';

/**
 * `notification-events`, keyed by user id: messages the booking saga asks for. Each kind names the
 * variables it carries; a template for one of these kinds may use only these (and the recipient's
 * own). Kinds admins add for themselves (e.g. PROMOTION) are sent through the API, not this topic.
 */
export const NOTIFICATION_TRIGGERS = {
  BOOKING_CONFIRMED: ['reference', 'seats', 'amount'],
  PAYMENT_FAILED: ['reference', 'code', 'reason'],
  REFUND_ISSUED: ['reference', 'amount'],
  SHOW_CANCELLED: ['reference', 'reason', 'refund'],
  BOOKING_EXPIRED: ['reference'],
  HOLD_EXPIRING: ['reference', 'expiresAt', 'minutesLeft'],
} as const satisfies Record<string, readonly string[]>;

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
