import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** One tracked user-behaviour event (the architecture's user_analytics_events). */
export const UserAnalyticsEventSchema = defineEntity({
  name: 'UserAnalyticsEvent',
  tableName: 'user_analytics_events',
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    userId: p.uuid().nullable(),
    sessionId: p.string().length(255).nullable(),
    eventType: p.string().length(50),
    eventData: p.json<Record<string, unknown>>(),
    pageUrl: p.string().length(500).nullable(),
    // Kept for when the router forwards the client's; null until then.
    userAgent: p.text().nullable(),
    ipAddress: p.string().columnType('inet').nullable(),
    occurredAt: p.datetime(),
  },
});
export type UserAnalyticsEvent = InferEntity<typeof UserAnalyticsEventSchema>;
