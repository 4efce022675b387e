import { z } from 'zod';
import { internalCallConfigShape, loadConfig } from '@showstream/platform';

/**
 * Providers are optional: a channel whose provider is not configured records its deliveries as
 * SKIPPED (CHANNEL_NOT_CONFIGURED), so `npm start` with nothing set still serves in-app notifications.
 */
export const notificationConfigShape = {
  /** SMTP server, e.g. smtps://user:pass@smtp.example.com:465 (nodemailer connection URL; query options such as ignoreTLS=true pass through). */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'Use smtp:// or smtps://')
    .optional(),
  EMAIL_FROM: z.string().min(3).default('ShowStream <no-reply@showstream.local>'),
  /** Twilio Programmable Messaging (SMS): account SID and auth token for Basic auth, and the sender number or Messaging Service SID. */
  TWILIO_API_BASE: z.url().default('https://api.twilio.com'),
  TWILIO_ACCOUNT_SID: z.string().min(8).optional(),
  TWILIO_AUTH_TOKEN: z.string().min(8).optional(),
  TWILIO_FROM: z.string().min(3).optional(),
  /** Meta WhatsApp Cloud API: the business phone number's id and a system-user access token. */
  WHATSAPP_API_BASE: z.url().default('https://graph.facebook.com/v21.0'),
  WHATSAPP_PHONE_NUMBER_ID: z.string().min(3).optional(),
  WHATSAPP_ACCESS_TOKEN: z.string().min(8).optional(),
  /** Firebase Cloud Messaging HTTP v1: the project and an OAuth 2.0 access token with the firebase.messaging scope. */
  FCM_API_BASE: z.url().default('https://fcm.googleapis.com'),
  FCM_PROJECT_ID: z.string().min(1).optional(),
  FCM_ACCESS_TOKEN: z.string().min(8).optional(),
  /** One provider call's timeout. */
  NOTIFICATION_SEND_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** Attempts per delivery, and the first retry's delay (doubling each time, capped at the max). */
  NOTIFICATION_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
  NOTIFICATION_RETRY_BASE_MS: z.coerce.number().int().min(10).default(5_000),
  NOTIFICATION_RETRY_MAX_MS: z.coerce
    .number()
    .int()
    .min(10)
    .default(15 * 60_000),
  /** A claimed delivery not settled within this is claimed again (its worker crashed). */
  NOTIFICATION_LEASE_MS: z.coerce.number().int().min(1_000).default(60_000),
  /** How often the queue is polled when nothing woke the worker (scheduled and retried deliveries). */
  NOTIFICATION_POLL_MS: z.coerce.number().int().min(20).max(60_000).default(250),
  /** Asking booking for the tickets a confirmation email carries. */
  ...internalCallConfigShape,
};

export const loadNotificationConfig = () => loadConfig(notificationConfigShape);
export type NotificationConfig = ReturnType<typeof loadNotificationConfig>;
