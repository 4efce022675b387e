export const CHANNELS = ['EMAIL', 'SMS', 'PUSH', 'WHATSAPP', 'IN_APP'] as const;
export type Channel = (typeof CHANNELS)[number];

/** A channel name read from the database (the schema checks it) narrowed to the channels this code knows. */
export const isChannel = (value: string): value is Channel => CHANNELS.some((channel) => channel === value);

/** The channel names users' preferences (user-events) use. */
export const PREFERENCE_KEYS: Record<Channel, string> = {
  EMAIL: 'email',
  SMS: 'sms',
  PUSH: 'push',
  WHATSAPP: 'whatsapp',
  IN_APP: 'inApp',
};

/** Channels whose messages have a subject (email) or title (push, in-app). */
export const CHANNELS_WITH_SUBJECT: readonly Channel[] = ['EMAIL', 'PUSH', 'IN_APP'];

export interface OutgoingMessage {
  /** The delivery's id: the email's Message-ID and the providers' correlation, so a re-sent message can be recognised. */
  deliveryId: string;
  userId: string | null;
  to: string;
  subject: string | null;
  body: string;
  createdAt: Date;
  /** Files to carry, on channels that can (email): a confirmation's PDF tickets and calendar entry. */
  attachments?: readonly Attachment[];
}

/** A file a message carries. */
export interface Attachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface SendResult {
  providerMessageId: string | null;
  /** The provider's own word for where the message is, e.g. Twilio's `queued`, SMTP's `250 OK`. */
  deliveryStatus: string;
}

/** The provider refused the message for good (an invalid recipient, a rejected address): retrying cannot help. */
export class PermanentDeliveryError extends Error {
  override name = 'PermanentDeliveryError';
}

/** One channel's provider adapter. Any error other than PermanentDeliveryError is retried with backoff. */
export interface ChannelAdapter {
  readonly channel: Channel;
  send(message: OutgoingMessage, signal: AbortSignal): Promise<SendResult>;
}
