import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { CHANNELS } from '../channels/channel.ts';

export const DELIVERY_STATUSES = ['QUEUED', 'SENDING', 'SENT', 'FAILED', 'SKIPPED'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One message on one channel (`notification_queue`); an IN_APP one that was SENT is an entry of the user's inbox. */
export const DeliverySchema = defineEntity({
  name: 'Delivery',
  tableName: 'notification_queue',
  properties: {
    id: p.uuid().primary(),
    userId: p.uuid().nullable(),
    templateId: p.uuid(),
    kind: p.string().length(50).fieldName('template_type'),
    channel: p.enum(CHANNELS),
    origin: p.string().length(200),
    recipient: p.string().length(4096).fieldName('recipient_contact').nullable(),
    subject: p.string().length(255).nullable(),
    body: p.text().fieldName('message_content').nullable(),
    variables: p.json<Record<string, unknown>>(),
    status: p.enum(DELIVERY_STATUSES),
    attempts: p.integer(),
    nextAttemptAt: p.datetime(),
    scheduledAt: p.datetime(),
    sentAt: p.datetime().nullable(),
    deliveryStatus: p.string().length(60).nullable(),
    providerMessageId: p.string().length(255).nullable(),
    /** Why it is SKIPPED or FAILED, or the last attempt's error while it is retried. */
    statusReason: p.text().nullable(),
    readAt: p.datetime().nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});
export type Delivery = InferEntity<typeof DeliverySchema>;
