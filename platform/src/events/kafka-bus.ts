import { Kafka, Partitioners, logLevel, type Admin, type Consumer, type Producer, type LogEntry } from 'kafkajs';
import type { Logger } from '../logging/logger.ts';
import { DEFAULT_MAX_ATTEMPTS, retryDelayMs, type ConsumerLag, type ConsumerOptions, type EventBus, type OutgoingEvent } from './event-bus.ts';
import type { EventEnvelope } from './envelope.ts';
import { DEAD_LETTER_RETENTION_MS, TOPICS, deadLetterTopic, type Topic } from './topics.ts';

const KAFKA_LOG_LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** Event bus on Kafka (kafkajs): idempotent producer, consumer groups, bounded retries, dead-letter topics. */
export class KafkaEventBus implements EventBus {
  readonly kind = 'kafka';
  readonly #kafka: Kafka;
  readonly #logger: Logger;
  readonly #producer: Producer;
  readonly #consumers: Consumer[] = [];
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
    const byTopic = new Map<string, OutgoingEvent[]>();
    for (const event of events) byTopic.set(event.topic, [...(byTopic.get(event.topic) ?? []), event]);
    await this.#producer.sendBatch({
      topicMessages: [...byTopic].map(([topic, batch]) => ({
        topic,
        messages: batch.map(({ envelope }) => ({
          key: envelope.key,
          value: JSON.stringify(envelope),
          headers: { 'event-type': envelope.type, 'event-id': envelope.id, 'trace-id': envelope.traceId },
        })),
      })),
    });
  }

  async consume(options: ConsumerOptions): Promise<void> {
    const consumer = this.#kafka.consumer({ groupId: options.groupId, allowAutoTopicCreation: false });
    this.#consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topics: options.topics, fromBeginning: options.fromBeginning ?? true });
    const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    await consumer.run({
      autoCommit: true,
      eachMessage: async ({ topic, partition, message, heartbeat }) => {
        const raw = message.value?.toString() ?? '';
        let envelope: EventEnvelope;
        try {
          envelope = JSON.parse(raw) as EventEnvelope;
        } catch (error) {
          await this.#deadLetter(topic as Topic, options.groupId, raw, message.key, error, 0);
          return;
        }
        for (let attempt = 1; ; attempt++) {
          try {
            await options.handler(envelope, topic as Topic);
            return;
          } catch (error) {
            if (attempt >= maxAttempts) {
              await this.#deadLetter(topic as Topic, options.groupId, raw, message.key, error, attempt);
              return;
            }
            this.#logger.warn({ err: error, topic, partition, eventId: envelope.id, attempt }, 'event handler failed; retrying');
            await new Promise((resolve) => setTimeout(resolve, retryDelayMs(attempt)));
            await heartbeat();
          }
        }
      },
    });
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

  async healthy(): Promise<boolean> {
    return this.#producerConnected;
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
    const ends = new Map(await Promise.all(topics.map(async (topic) => [topic, await admin.fetchTopicOffsets(topic)] as const)));
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
