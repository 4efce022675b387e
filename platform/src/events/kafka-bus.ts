import {
  Kafka,
  Partitioners,
  logLevel,
  type Admin,
  type Consumer,
  type IHeaders,
  type KafkaMessage,
  type Message,
  type Producer,
  type LogEntry,
} from 'kafkajs';
import type { Logger } from '../logging/logger.ts';
import { tracePublish, traceConsume, type MessageHeaders } from '../telemetry/messaging-spans.ts';
import {
  ATTR_KAFKA_MESSAGE_KEY,
  ATTR_KAFKA_OFFSET,
  ATTR_MESSAGING_DESTINATION_PARTITION_ID,
} from '../telemetry/semconv.ts';
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
import { TOPICS, parseEnvelope, type Topic, type TopicEnvelope } from '@showstream/contracts';
import { DEAD_LETTER_RETENTION_MS, deadLetterTopic } from './dead-letters.ts';

const KAFKA_LOG_LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

const CONSUMER_SILENCE_MS = 20_000;
/**
 * Partitions of one consumer group applied at the same time: a handler mostly waits on PostgreSQL,
 * so a few in flight keep a process busy without one slow partition holding up the others.
 */
const CONCURRENT_PARTITIONS = 4;

/** Record headers as text (kafkajs gives Buffers); only the trace context is read from them. */
function textHeaders(headers: IHeaders | undefined): MessageHeaders {
  const text: MessageHeaders = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) text[name] = first.toString();
  }
  return text;
}

/** Event bus on Kafka (kafkajs): idempotent producer, consumer groups, bounded retries, dead-letter topics. */
export class KafkaEventBus implements EventBus {
  readonly kind = 'kafka';
  readonly #kafka: Kafka;
  readonly #logger: Logger;
  readonly #producer: Producer;
  readonly #consumers: Consumer[] = [];
  /** When each consumer last heard from its group coordinator (joined or heartbeated): how readiness sees the broker. */
  readonly #lastContact = new Map<Consumer, number>();
  #producerConnected = false;
  #lagAdmin: Promise<Admin> | undefined;

  constructor(options: { brokers: string[]; clientId: string; logger: Logger; connectionRetries?: number }) {
    this.#logger = options.logger.child({ component: 'kafka' });
    const log = this.#logger;
    this.#kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      logLevel: logLevel.WARN,
      retry: { initialRetryTime: 200, retries: options.connectionRetries ?? 8 },
      logCreator: () => (entry: LogEntry) => {
        const { message, ...extra } = entry.log;
        log[KAFKA_LOG_LEVELS[entry.level] ?? 'info']({ kafka: entry.namespace, ...extra }, message);
      },
    });
    // Idempotent delivery needs one request in flight per connection (kafkajs docs); acks from all in-sync replicas is the default.
    this.#producer = this.#kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    this.#producer.on(this.#producer.events.DISCONNECT, () => {
      this.#producerConnected = false;
    });
  }

  async start(): Promise<void> {
    await this.ensureTopics();
    await this.#connectProducer();
  }

  /** Creates the architecture document's topics (and their dead-letter twins) when missing. */
  async ensureTopics(): Promise<void> {
    const admin = this.#kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const wanted = Object.entries(TOPICS).flatMap(([name, spec]) => [
        { topic: name, numPartitions: spec.partitions, retentionMs: spec.retentionMs },
        { topic: deadLetterTopic(name as Topic), numPartitions: 1, retentionMs: DEAD_LETTER_RETENTION_MS },
      ]);
      const missing = wanted.filter((topic) => !existing.has(topic.topic));
      if (missing.length === 0) return;
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic: topic.topic,
          numPartitions: topic.numPartitions,
          configEntries: [{ name: 'retention.ms', value: String(topic.retentionMs) }],
        })),
      });
      this.#logger.info({ topics: missing.map((topic) => topic.topic) }, 'created topics');
    } finally {
      await admin.disconnect();
    }
  }

  async #connectProducer(): Promise<void> {
    if (this.#producerConnected) return;
    await this.#producer.connect();
    this.#producerConnected = true;
  }

  async publish(events: OutgoingEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.#connectProducer();
    await tracePublish(this.kind, events, async (traceHeaders) => {
      const byTopic = new Map<string, Message[]>();
      events.forEach(({ topic, envelope }, index) => {
        const message = {
          key: envelope.key,
          value: JSON.stringify(envelope),
          headers: {
            'event-type': envelope.type,
            'event-id': envelope.id,
            'trace-id': envelope.traceId,
            ...traceHeaders[index],
          },
        };
        byTopic.set(topic, [...(byTopic.get(topic) ?? []), message]);
      });
      await this.#producer.sendBatch({ topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
    });
  }

  async consume<T extends Topic>(options: ConsumerOptions<T>): Promise<() => Promise<void>> {
    const consumer = this.#kafka.consumer({ groupId: options.groupId, allowAutoTopicCreation: false });
    this.#consumers.push(consumer);
    for (const event of [consumer.events.GROUP_JOIN, consumer.events.HEARTBEAT])
      consumer.on(event, () => this.#lastContact.set(consumer, Date.now()));
    await consumer.connect();
    await consumer.subscribe({ topics: options.topics, fromBeginning: options.fromBeginning ?? true });
    await consumer.run({
      // Resolved offsets are committed after each batch; a crash mid-batch redelivers the rest, which inboxes make harmless.
      autoCommit: true,
      eachBatchAutoResolve: false,
      // Order holds within a partition (one entity's events), not across partitions: each is a batch of its own.
      partitionsConsumedConcurrently: CONCURRENT_PARTITIONS,
      eachBatch: async (payload) => {
        const { batch } = payload;
        // kafkajs declares these as methods; they are closures over the batch, so they are safe to pass on.
        const resolveOffset = (offset: string) => payload.resolveOffset(offset);
        const heartbeat = () => payload.heartbeat();
        // One of the topics this group subscribed to.
        const topic = batch.topic as T;
        const stopped = () => !payload.isRunning() || payload.isStale();
        let run: { message: KafkaMessage; event: DeliveredEvent<T> }[] = [];
        // Applies the events gathered so far: all at once if the handler can, else (or if that fails) one by one.
        const flush = async () => {
          if (run.length === 0 || stopped()) return;
          const events = run;
          run = [];
          if (options.handler.batch && events.length > 1) {
            try {
              await options.handler.batch(events.map(({ event }) => event));
              const last = events.at(-1);
              if (last) resolveOffset(last.message.offset);
              await heartbeat();
              return;
            } catch (error) {
              this.#logger.warn(
                { err: error, topic, partition: batch.partition, events: events.length },
                'event batch failed; applying its events one at a time',
              );
            }
          }
          for (const { message, event } of events) {
            if (stopped()) return;
            await this.#deliver(options, event, message, heartbeat);
            resolveOffset(message.offset);
            await heartbeat();
          }
        };
        for (const message of batch.messages) {
          if (stopped()) return;
          const raw = message.value?.toString() ?? '';
          let envelope: TopicEnvelope<T>;
          try {
            envelope = parseEnvelope(topic, JSON.parse(raw));
          } catch (error) {
            // Not JSON, or not the topic's contract: no retry can fix it, so it is parked at once with why.
            await flush();
            if (stopped()) return;
            await this.#deadLetter(topic, options.groupId, raw, message.key, error, 0);
            resolveOffset(message.offset);
            continue;
          }
          const delivery = {
            system: this.kind,
            topic,
            groupId: options.groupId,
            envelope,
            headers: textHeaders(message.headers),
            attributes: {
              [ATTR_MESSAGING_DESTINATION_PARTITION_ID]: String(batch.partition),
              [ATTR_KAFKA_OFFSET]: Number(message.offset),
              [ATTR_KAFKA_MESSAGE_KEY]: envelope.key,
            },
          };
          run.push({ message, event: { envelope, topic, traced: (work) => traceConsume(delivery, work) } });
          if (run.length >= MAX_BATCH_EVENTS) await flush();
        }
        await flush();
      },
    });
    // kafkajs's disconnect waits for the batch in hand, and commits what it resolved.
    return () => consumer.disconnect();
  }

  /** One event through the handler, with bounded retries, then the dead-letter topic. */
  async #deliver<T extends Topic>(
    options: ConsumerOptions<T>,
    event: DeliveredEvent<T>,
    message: KafkaMessage,
    heartbeat: () => Promise<void>,
  ): Promise<void> {
    const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    for (let attempt = 1; ; attempt++) {
      try {
        await event.traced(() => options.handler(event.envelope, event.topic));
        return;
      } catch (error) {
        if (attempt >= maxAttempts) {
          await this.#deadLetter(
            event.topic,
            options.groupId,
            message.value?.toString() ?? '',
            message.key,
            error,
            attempt,
          );
          return;
        }
        this.#logger.warn(
          { err: error, topic: event.topic, eventId: event.envelope.id, attempt },
          'event handler failed; retrying',
        );
        await new Promise((resolve) => setTimeout(resolve, retryDelayMs(attempt)));
        await heartbeat();
      }
    }
  }

  /** A poison message must not block its partition forever: park it with why, and move on. */
  async #deadLetter(topic: Topic, groupId: string, raw: string, key: Buffer | null, error: unknown, attempts: number) {
    this.#logger.error({ err: error, topic, groupId, attempts }, 'event sent to dead-letter topic');
    await this.#connectProducer();
    await this.#producer.send({
      topic: deadLetterTopic(topic),
      messages: [
        {
          key,
          value: raw,
          headers: {
            'dlq-original-topic': topic,
            'dlq-consumer-group': groupId,
            'dlq-attempts': String(attempts),
            'dlq-error': error instanceof Error ? error.message.slice(0, 1000) : String(error),
          },
        },
      ],
    });
  }

  /**
   * The producer is connected and every consumer is in its group: a running consumer heartbeats at
   * least every few seconds (between messages, and after each empty fetch), so silence for longer
   * than CONSUMER_SILENCE_MS means the broker is out of reach or the group is stuck rebalancing.
   */
  async healthy(): Promise<boolean> {
    const now = Date.now();
    return (
      this.#producerConnected &&
      this.#consumers.every((consumer) => now - (this.#lastContact.get(consumer) ?? 0) < CONSUMER_SILENCE_MS)
    );
  }

  /**
   * Lag of every consumer group on the architecture's topics: the partitions' end offsets minus the
   * group's committed offsets (a partition the group never committed counts from its earliest offset).
   */
  async consumerLag(): Promise<ConsumerLag[]> {
    this.#lagAdmin ??= (async () => {
      const admin = this.#kafka.admin();
      await admin.connect();
      return admin;
    })().catch((error: unknown) => {
      this.#lagAdmin = undefined;
      throw error;
    });
    const admin = await this.#lagAdmin;
    const topics = Object.keys(TOPICS) as Topic[];
    const ends = new Map(
      await Promise.all(topics.map(async (topic) => [topic, await admin.fetchTopicOffsets(topic)] as const)),
    );
    const { groups } = await admin.listGroups();
    const lags: ConsumerLag[] = [];
    for (const { groupId } of groups) {
      for (const committed of await admin.fetchOffsets({ groupId, topics })) {
        // A group subscribed to a topic has an entry per partition; offset -1 means nothing committed there yet.
        if (committed.partitions.every((partition) => partition.offset === '-1')) continue;
        const partitions = ends.get(committed.topic as Topic) ?? [];
        const lag = committed.partitions.reduce((sum, partition) => {
          const end = partitions.find((candidate) => candidate.partition === partition.partition);
          if (!end) return sum;
          const from = partition.offset === '-1' ? Number(end.low) : Number(partition.offset);
          return sum + Math.max(0, Number(end.high) - from);
        }, 0);
        lags.push({ groupId, topic: committed.topic, lag });
      }
    }
    return lags;
  }

  async stop(): Promise<void> {
    const admin = this.#lagAdmin;
    this.#lagAdmin = undefined;
    await admin?.then((connected) => connected.disconnect()).catch(() => undefined);
    await Promise.allSettled(this.#consumers.map((consumer) => consumer.disconnect()));
    await this.#producer.disconnect().catch(() => undefined);
  }
}
