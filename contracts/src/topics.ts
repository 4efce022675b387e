import type { z } from 'zod';
import { analyticsEvents } from './events/analytics-events.ts';
import { auditEvents } from './events/audit-events.ts';
import { bookingEvents } from './events/booking-events.ts';
import { inventoryEvents } from './events/inventory-events.ts';
import { notificationEvents } from './events/notification-events.ts';
import { paymentEvents } from './events/payment-events.ts';
import { userEvents } from './events/user-events.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Every Kafka topic: its partitions and retention (as the architecture document gives them), what its
 * records are keyed by (so one entity's events stay in order on one partition), and its event types.
 */
export const TOPICS = {
  'user-events': { partitions: 6, retentionMs: 7 * DAY_MS, key: 'userId', events: userEvents },
  'inventory-events': { partitions: 12, retentionMs: 30 * DAY_MS, key: 'showId', events: inventoryEvents },
  'booking-events': { partitions: 8, retentionMs: 365 * DAY_MS, key: 'bookingId', events: bookingEvents },
  'payment-events': { partitions: 6, retentionMs: 365 * DAY_MS, key: 'bookingId', events: paymentEvents },
  'notification-events': { partitions: 4, retentionMs: 7 * DAY_MS, key: 'userId', events: notificationEvents },
  'analytics-events': { partitions: 3, retentionMs: 90 * DAY_MS, key: 'bookingId', events: analyticsEvents },
  // Admin actions from every subgraph, kept by the users subgraph's audit log; a year, like money.
  'audit-events': { partitions: 3, retentionMs: 365 * DAY_MS, key: 'actorId', events: auditEvents },
} as const;

export type Topic = keyof typeof TOPICS;
/** The event types of a topic. */
export type EventType<T extends Topic> = keyof (typeof TOPICS)[T]['events'] & string;
/** Each topic's event types with their data as the schemas parse it, worked out once. */
type EventDataByTopic = {
  [T in Topic]: { [E in keyof (typeof TOPICS)[T]['events']]: z.output<(typeof TOPICS)[T]['events'][E]> };
};
/**
 * The data of one event type of a topic (a plain indexed access, so code generic over several
 * event types of a topic can still read the fields they share).
 */
export type EventData<T extends Topic, E extends EventType<T>> = EventDataByTopic[T][E];
/** Every (type, data) pair a topic carries: what a consumer of the topic can receive. */
export type TopicEvent<T extends Topic> = { [E in EventType<T>]: { type: E; data: EventData<T, E> } }[EventType<T>];

/** The schema of one event type on a topic, or undefined for a type the topic does not carry. */
export function eventSchema(topic: Topic, type: string): z.ZodType | undefined {
  const events: Record<string, z.ZodType> = TOPICS[topic].events;
  return Object.hasOwn(events, type) ? events[type] : undefined;
}

export function isTopic(name: string): name is Topic {
  return Object.hasOwn(TOPICS, name);
}
