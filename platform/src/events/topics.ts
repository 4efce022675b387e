const DAY_MS = 24 * 60 * 60 * 1000;

/** Topics, partitions and retention as the architecture document gives them. */
export const TOPICS = {
  'user-events': { partitions: 6, retentionMs: 7 * DAY_MS },
  'inventory-events': { partitions: 12, retentionMs: 30 * DAY_MS },
  'booking-events': { partitions: 8, retentionMs: 365 * DAY_MS },
  'payment-events': { partitions: 6, retentionMs: 365 * DAY_MS },
  'notification-events': { partitions: 4, retentionMs: 7 * DAY_MS },
  'analytics-events': { partitions: 3, retentionMs: 90 * DAY_MS },
  // Admin actions from every subgraph, kept by the users subgraph's audit log; a year, like money.
  'audit-events': { partitions: 3, retentionMs: 365 * DAY_MS },
} as const;

export type Topic = keyof typeof TOPICS;

/** Poison messages of a topic land here after bounded retries, with the consumer group and error in headers. */
export const deadLetterTopic = (topic: Topic) => `${topic}.dlq` as const;

export const DEAD_LETTER_RETENTION_MS = 30 * DAY_MS;
