import type { EventEnvelope } from './envelope.ts';
import type { Topic } from './topics.ts';

export interface OutgoingEvent {
  topic: Topic;
  envelope: EventEnvelope;
}

/** One event as a batch handler receives it. */
export interface DeliveredEvent {
  envelope: EventEnvelope;
  topic: Topic;
  /** Runs the event's work inside its consume span, which continues the producer's trace. */
  traced(work: () => Promise<void>): Promise<void>;
}

export interface EventHandler {
  (envelope: EventEnvelope, topic: Topic): Promise<void>;
  /**
   * Applies several events of one partition at once, in order and all or nothing (one transaction
   * instead of one per event). When it throws, the bus applies the same events one at a time through
   * the handler itself, with its retries, so one poison event is isolated and the rest go through.
   */
  batch?(events: DeliveredEvent[]): Promise<void>;
}

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
  /** Starts a consumer group; resolves to what stops it, after the events it is applying. */
  consume(options: ConsumerOptions): Promise<() => Promise<void>>;
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
export function handlerByTopic(handlers: Partial<Record<Topic, EventHandler>>): EventHandler {
  const handlerOf = (topic: Topic): EventHandler => {
    const handler = handlers[topic];
    if (!handler) throw new Error(`no handler for ${topic}`);
    return handler;
  };
  const routed: EventHandler = (envelope, topic) => handlerOf(topic)(envelope, topic);
  routed.batch = async (events) => {
    const handler = handlerOf(events[0]!.topic);
    if (handler.batch) return handler.batch(events);
    for (const { envelope, topic, traced } of events) await traced(() => handler(envelope, topic));
  };
  return routed;
}
