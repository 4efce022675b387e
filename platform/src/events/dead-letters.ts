import type { Topic } from '@showstream/contracts';

/** Poison messages of a topic land here after bounded retries, with the consumer group and error in headers. */
export const deadLetterTopic = (topic: Topic) => `${topic}.dlq` as const;

export const DEAD_LETTER_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;
