import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from '../logging/logger.ts';
import {
  DEFAULT_MAX_ATTEMPTS,
  MAX_BATCH_EVENTS,
  retryDelayMs,
  type ConsumerLag,
  type ConsumerOptions,
  type DeliveredEvent,
  type EventBus,
  type OutgoingEvent,
} from './event-bus.ts';
import { parseEnvelope, type EventEnvelope, type Topic } from '@showstream/contracts';
import { tracePublish, traceConsume, type MessageHeaders } from '../telemetry/messaging-spans.ts';

/** One event on a topic, with the headers a Kafka record would carry beside it (the producer span's trace context). */
interface Message {
  topic: Topic;
  envelope: EventEnvelope;
  headers: MessageHeaders;
}

interface Group {
  groupId: string;
  topics: readonly Topic[];
  /** Applies consecutive messages of one topic, as the group's handler takes them. */
  deliver(messages: Message[]): Promise<void>;
  queue: Message[];
  /** The delivery loop while it runs. */
  draining: Promise<void> | undefined;
  stopped: boolean;
}

/** Events kept per topic so a group that starts later still reads from the beginning, as on Kafka. */
const RETAINED_PER_TOPIC = 100_000;

/**
 * The embedded default's bus: same contract as Kafka within one process. Each consumer group
 * gets every event, in publish order, with the same bounded retries; dead letters are logged.
 * Topics keep their recent events in memory, so a new group starts from the beginning by default.
 */
export class InProcessEventBus implements EventBus {
  readonly kind = 'in-process';
  readonly #groups = new Map<string, Group>();
  readonly #log = new Map<Topic, Message[]>();
  readonly #logger: Logger;
  /** Runs a function in the context the bus was made in: outside any request or transaction. */
  readonly #detached = AsyncLocalStorage.snapshot();
  #stopped = false;

  constructor(logger: Logger) {
    this.#logger = logger.child({ component: 'in-process-bus' });
  }

  async start(): Promise<void> {}

  async publish(events: OutgoingEvent[]): Promise<void> {
    await tracePublish(this.kind, events, async (traceHeaders) => {
      events.forEach(({ topic, envelope }, index) => {
        const message = { topic, envelope, headers: traceHeaders[index] ?? {} };
        const retained = this.#log.get(topic) ?? [];
        retained.push(message);
        if (retained.length > RETAINED_PER_TOPIC) retained.shift();
        this.#log.set(topic, retained);
        for (const group of this.#groups.values()) {
          if (!group.topics.includes(topic)) continue;
          // A copy per group, as each Kafka consumer decodes its own.
          group.queue.push(structuredClone(message));
          // Consumers run as if on another machine: never inside the publisher's request, transaction or span.
          this.#detached(() => this.#drain(group));
        }
      });
    });
  }

  async consume<T extends Topic>(options: ConsumerOptions<T>): Promise<() => Promise<void>> {
    if (this.#groups.has(options.groupId)) throw new Error(`consumer group ${options.groupId} already registered`);
    const group: Group = {
      groupId: options.groupId,
      topics: options.topics,
      deliver: (messages) => this.#deliverAll(options, messages),
      queue: [],
      draining: undefined,
      stopped: false,
    };
    this.#groups.set(options.groupId, group);
    if (options.fromBeginning ?? true) {
      for (const topic of options.topics) {
        for (const message of this.#log.get(topic) ?? []) group.queue.push(structuredClone(message));
      }
      this.#detached(() => this.#drain(group));
    }
    return async () => {
      group.stopped = true;
      await group.draining;
    };
  }

  #drain(group: Group): void {
    if (group.draining) return;
    group.draining = this.#deliverQueued(group).finally(() => {
      group.draining = undefined;
    });
  }

  async #deliverQueued(group: Group): Promise<void> {
    while (!this.#stopped && !group.stopped && group.queue.length > 0) {
      // Like a Kafka batch: consecutive events of one topic, applied together when the handler can.
      const topic = group.queue[0]?.topic;
      let size = 1;
      while (size < Math.min(group.queue.length, MAX_BATCH_EVENTS) && group.queue[size]?.topic === topic) size++;
      await group.deliver(group.queue.splice(0, size));
    }
  }

  async #deliverAll<T extends Topic>(options: ConsumerOptions<T>, messages: Message[]): Promise<void> {
    const events: DeliveredEvent<T>[] = [];
    for (const { topic, envelope: raw, headers } of messages) {
      // Only the group's own topics are queued for it.
      const groupTopic = topic as T;
      let envelope;
      try {
        envelope = parseEnvelope(groupTopic, raw);
      } catch (error) {
        // As on Kafka, an envelope that breaks its contract is not retried; here dead letters are logged.
        this.#logger.error({ err: error, topic, groupId: options.groupId, eventId: raw.id }, 'event dead-lettered');
        continue;
      }
      events.push({
        envelope,
        topic: groupTopic,
        traced: (work) => traceConsume({ system: this.kind, topic, groupId: options.groupId, envelope, headers }, work),
      });
    }
    if (options.handler.batch && events.length > 1) {
      try {
        await options.handler.batch(events);
        return;
      } catch (error) {
        this.#logger.warn(
          { err: error, groupId: options.groupId, events: events.length },
          'event batch failed; applying its events one at a time',
        );
      }
    }
    for (const event of events) await this.#deliver(options, event);
  }

  async #deliver<T extends Topic>(
    options: ConsumerOptions<T>,
    { topic, envelope, traced }: DeliveredEvent<T>,
  ): Promise<void> {
    const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      try {
        await traced(() => options.handler(envelope, topic));
        return;
      } catch (error) {
        this.#logger.warn({ err: error, topic, eventId: envelope.id, attempt }, 'event handler failed');
        if (attempt < maxAttempts) await new Promise((resolve) => setTimeout(resolve, retryDelayMs(attempt)));
      }
    }
    this.#logger.error({ topic, groupId: options.groupId, eventId: envelope.id }, 'event dead-lettered');
  }

  async healthy(): Promise<boolean> {
    return !this.#stopped;
  }

  /** The embedded default's groups all live in this process: their lag is what waits in their queues. */
  async consumerLag(): Promise<ConsumerLag[]> {
    return [...this.#groups.values()].flatMap((group) =>
      group.topics.map((topic) => ({
        groupId: group.groupId,
        topic,
        lag: group.queue.filter((item) => item.topic === topic).length,
      })),
    );
  }

  async stop(): Promise<void> {
    this.#stopped = true;
  }
}
