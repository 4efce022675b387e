import type { EventEnvelope } from './envelope.ts';
import type { Topic } from './topics.ts';

export interface OutgoingEvent {
  topic: Topic;
  envelope: EventEnvelope;
}

export type EventHandler = (envelope: EventEnvelope, topic: Topic) => Promise<void>;

export interface ConsumerOptions {
  /** Consumer group: every group sees every event once; instances in a group share partitions. */
  groupId: string;
  topics: Topic[];
  handler: EventHandler;
  /** Attempts before an event goes to the dead-letter topic. */
  maxAttempts?: number;
  /**
   * Where a group with no committed offsets starts. Default: the beginning, so events published
   * while a new consumer was still joining are not skipped (idempotent handling makes replays safe).
   */
  fromBeginning?: boolean;
}

/** Messages a consumer group has yet to process on one topic (summed over partitions). */
export interface ConsumerLag {
  groupId: string;
  topic: string;
  lag: number;
}

/**
 * The port services use to publish and consume events. Kafka in production and CI, an
 * in-process twin for the embedded default; both deliver at least once, in order per key.
 */
export interface EventBus {
  readonly kind: 'kafka' | 'in-process';
  start(): Promise<void>;
  /** Resolves once every event is acknowledged by the broker; rejects if any is not. */
  publish(events: OutgoingEvent[]): Promise<void>;
  consume(options: ConsumerOptions): Promise<void>;
  healthy(): Promise<boolean>;
  /** Every consumer group's lag on the bus (all services', not only this process's), for monitoring. */
  consumerLag(): Promise<ConsumerLag[]>;
  stop(): Promise<void>;
}

export const DEFAULT_MAX_ATTEMPTS = 5;

/** Backoff between attempts of one event: 100 ms doubling, capped at 5 s. */
export function retryDelayMs(attempt: number): number {
  return Math.min(100 * 2 ** (attempt - 1), 5_000);
}
