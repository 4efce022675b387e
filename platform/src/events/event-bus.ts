import type { EventEnvelope, Topic, TopicEnvelope } from '@showstream/contracts';

export interface OutgoingEvent {
  topic: Topic;
  envelope: EventEnvelope;
}

/** One event as a batch handler receives it, already checked against its topic's contract. */
export interface DeliveredEvent<T extends Topic = Topic> {
  envelope: TopicEnvelope<T>;
  topic: T;
  /** Runs the event's work inside its consume span, which continues the producer's trace. */
  traced: (work: () => Promise<void>) => Promise<void>;
}

/**
 * Receives only envelopes that passed their topic's contract (`parseEnvelope`): `data` is typed and
 * checked, and an envelope that breaks the contract goes to the dead-letter topic instead, unretried.
 */
export interface EventHandler<T extends Topic = Topic> {
  (envelope: TopicEnvelope<T>, topic: T): Promise<void>;
  /**
   * Applies several events of one partition at once, in order and all or nothing (one transaction
   * instead of one per event). When it throws, the bus applies the same events one at a time through
   * the handler itself, with its retries, so one poison event is isolated and the rest go through.
   */
  batch?: (events: DeliveredEvent<T>[]) => Promise<void>;
}

export interface ConsumerOptions<T extends Topic = Topic> {
  /** Consumer group: every group sees every event once; instances in a group share partitions. */
  groupId: string;
  topics: T[];
  handler: EventHandler<T>;
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
  /** Starts a consumer group; resolves to what stops it, after the events it is applying. */
  consume<T extends Topic>(options: ConsumerOptions<T>): Promise<() => Promise<void>>;
  healthy(): Promise<boolean>;
  /** Every consumer group's lag on the bus (all services', not only this process's), for monitoring. */
  consumerLag(): Promise<ConsumerLag[]>;
  stop(): Promise<void>;
}

export const DEFAULT_MAX_ATTEMPTS = 5;

/** At most this many events go to one `batch` call: short transactions, and a failed batch costs little to redo one by one. */
export const MAX_BATCH_EVENTS = 100;

/** Backoff between attempts of one event: 100 ms doubling, capped at 5 s. */
export function retryDelayMs(attempt: number): number {
  return Math.min(100 * 2 ** (attempt - 1), 5_000);
}

/**
 * One consumer group doing a service's several jobs: each topic's events go to that topic's handler.
 * A batch always holds one topic's events (one partition on Kafka, one run of a topic in process).
 */
export function handlerByTopic<T extends Topic>(handlers: { [K in T]: EventHandler<K> }): EventHandler<T> {
  // Each topic's handler gets only that topic's events, which TypeScript cannot follow through the lookup.
  const handlerOf = (topic: T) => handlers[topic] as EventHandler<T>;
  const routed: EventHandler<T> = (envelope, topic) => handlerOf(topic)(envelope, topic);
  routed.batch = async (events) => {
    const [first] = events;
    if (!first) return;
    const handler = handlerOf(first.topic);
    if (handler.batch) return handler.batch(events);
    for (const { envelope, topic, traced } of events) await traced(() => handler(envelope, topic));
  };
  return routed;
}
