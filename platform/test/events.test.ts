import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { Migration } from '@mikro-orm/migrations';
import { defineEntity, p } from '@mikro-orm/core';
import { parseEnvelope, type TopicEnvelope } from '@showstream/contracts';
import {
  KafkaEventBus,
  Outbox,
  OutboxRelay,
  createEnvelope,
  createLogger,
  idempotentHandler,
  openDatabase,
  type Orm,
} from '../src/index.ts';
import { TEST_DB_PREFIX, readEvents, readRecords, testEnvironment, waitFor } from '@showstream/testkit';

/** A small event of the contracts, keyed by its user: the tests tell events apart by key. */
const loggedIn = (userId: string, method = 'PASSWORD') => ({
  type: 'UserLoggedIn' as const,
  key: userId,
  data: { userId, method },
});
const requested = (userId: string) => ({
  type: 'NotificationRequested',
  key: userId,
  data: { userId, kind: 'BOOKING_EXPIRED', variables: {} },
});

/** A table for effects, so tests can count what a handler did. */
class NotesMigration extends Migration {
  override up(): void {
    this.addSql('create table notes (id uuid primary key, body text not null)');
  }
}
const NoteSchema = defineEntity({
  name: 'Note',
  tableName: 'notes',
  properties: { id: p.uuid().primary(), body: p.text() },
});

const env = testEnvironment();
const logger = createLogger('platform-test', 'silent');
let orm: Orm;
let bus: KafkaEventBus;
let relay: OutboxRelay;
let outbox: Outbox;

beforeAll(async () => {
  orm = await openDatabase({
    serverUrl: env.postgresUrl,
    databaseName: `${TEST_DB_PREFIX}platform`,
    entities: [NoteSchema],
    migrations: [{ name: 'Migration1_notes', class: NotesMigration }],
    logger,
  });
  bus = new KafkaEventBus({ brokers: env.kafkaBrokers.split(','), clientId: 'platform-test', logger });
  await bus.start();
  relay = new OutboxRelay({ orm, bus, logger, pollIntervalMs: 50 });
  relay.start();
  outbox = new Outbox('platform-test', orm, { wake: () => relay.wake() });
});

afterAll(async () => {
  await relay.stop();
  await bus.stop();
  await orm.close();
});

describe('transactional outbox', () => {
  it('publishes what commits, with the envelope intact, and nothing of what rolls back', async () => {
    const committedKey = randomUUID();
    const rolledBackKey = randomUUID();
    await orm.em.fork().transactional(async (em) => {
      em.create(NoteSchema, { id: committedKey, body: 'kept' });
      await outbox.add(em, 'user-events', loggedIn(committedKey, 'kept'));
    });
    await expect(
      orm.em.fork().transactional(async (em) => {
        await outbox.add(em, 'user-events', loggedIn(rolledBackKey));
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');

    const [event] = await readEvents('user-events', (candidate) => candidate.key === committedKey);
    expect(event).toMatchObject({
      type: 'UserLoggedIn',
      source: 'platform-test',
      version: 1,
      data: { userId: committedKey, method: 'kept' },
    });
    const ghosts = await readEvents('user-events', (candidate) => candidate.key === rolledBackKey, {
      timeoutMs: 3_000,
    });
    expect(ghosts).toHaveLength(0);
  });

  it('refuses to write outside a transaction', async () => {
    await expect(outbox.add(orm.em.fork(), 'user-events', loggedIn(randomUUID()))).rejects.toThrow(
      /inside em.transactional/,
    );
  });

  it('keeps events while the bus is down and sends them when it is back', async () => {
    const key = randomUUID();
    const down = new KafkaEventBus({ brokers: ['127.0.0.1:1'], clientId: 'down', logger, connectionRetries: 1 });
    const stalled = new OutboxRelay({ orm, bus: down, logger });
    // Stop the working relay so only the one whose broker is unreachable tries.
    await relay.stop();
    await orm.em.fork().transactional((em) => outbox.add(em, 'user-events', loggedIn(key, 'delayed')));
    await expect(stalled.publishBatch()).rejects.toThrow();
    await down.stop();
    const [row] = await orm.em
      .fork()
      .execute<{ pending: number }[]>('select count(*)::int as pending from outbox_events where published_at is null');
    expect(row!.pending).toBeGreaterThan(0);
    relay = new OutboxRelay({ orm, bus, logger, pollIntervalMs: 50 });
    relay.start();
    const [event] = await readEvents('user-events', (candidate) => candidate.key === key);
    expect(event!.data).toEqual({ userId: key, method: 'delayed' });
  });
});

describe('consumers', () => {
  it('apply a redelivered event once', async () => {
    const noteId = randomUUID();
    const handler = idempotentHandler(orm, 'notes-writer', async (envelope: TopicEnvelope<'user-events'>, em) => {
      em.create(NoteSchema, { id: randomUUID(), body: envelope.data.userId });
    });
    const envelope = parseEnvelope('user-events', createEnvelope('platform-test', loggedIn(noteId)));
    await handler(envelope, 'user-events');
    await handler(envelope, 'user-events');
    await Promise.all([handler(envelope, 'user-events'), handler(envelope, 'user-events')]).catch(() => undefined);
    expect(await orm.em.fork().count(NoteSchema, { body: noteId })).toBe(1);
  });

  it('park a poison event on the dead-letter topic after bounded retries and keep consuming', async () => {
    const poisonKey = randomUUID();
    const healthyKey = randomUUID();
    const seen: string[] = [];
    const attempts = new Map<string, number>();
    const groupBus = new KafkaEventBus({ brokers: env.kafkaBrokers.split(','), clientId: 'dlq-test', logger });
    await groupBus.start();
    await groupBus.consume({
      groupId: `dlq-test-${randomUUID()}`,
      topics: ['notification-events'],
      maxAttempts: 3,
      handler: async (event) => {
        attempts.set(event.key, (attempts.get(event.key) ?? 0) + 1);
        if (event.key === poisonKey) throw new Error('cannot handle this one');
        seen.push(event.key);
      },
    });
    await bus.publish([
      { topic: 'notification-events', envelope: createEnvelope('platform-test', requested(poisonKey)) },
      { topic: 'notification-events', envelope: createEnvelope('platform-test', requested(healthyKey)) },
    ]);
    const [dead] = await readRecords('notification-events.dlq', (candidate) => candidate.envelope.key === poisonKey, {
      timeoutMs: 30_000,
    });
    expect(dead!.envelope.type).toBe('NotificationRequested');
    expect(dead!.headers).toMatchObject({ 'dlq-attempts': '3', 'dlq-error': 'cannot handle this one' });
    expect(attempts.get(poisonKey)).toBe(3);
    await waitFor(() => seen.includes(healthyKey), 30_000);
    await groupBus.stop();
  });

  it("park an envelope that breaks its topic's contract at once, with the validation error, and apply the next one", async () => {
    const wrongShape = randomUUID();
    const unknownType = randomUUID();
    const valid = randomUUID();
    const seen: string[] = [];
    const groupBus = new KafkaEventBus({ brokers: env.kafkaBrokers.split(','), clientId: 'contract-test', logger });
    await groupBus.start();
    await groupBus.consume({
      groupId: `contract-test-${randomUUID()}`,
      topics: ['notification-events'],
      handler: async (event) => {
        seen.push(event.key);
      },
    });
    await bus.publish([
      // A field renamed by a producer that did not go through the contracts: `user` instead of `userId`, and a kind nobody sends.
      {
        topic: 'notification-events',
        envelope: createEnvelope('platform-test', {
          type: 'NotificationRequested',
          key: wrongShape,
          data: { user: wrongShape, kind: 'NOPE', variables: {} },
        }),
      },
      {
        topic: 'notification-events',
        envelope: createEnvelope('platform-test', { type: 'NotificationSent', key: unknownType, data: {} }),
      },
      { topic: 'notification-events', envelope: createEnvelope('platform-test', requested(valid)) },
    ]);
    // One read per key: dead-lettering is at least once, so a rebalance can park one record twice, and two
    // records of the same key must not pass for the two.
    const deadLetterOf = async (key: string) =>
      (
        await readRecords('notification-events.dlq', (candidate) => candidate.envelope.key === key, {
          timeoutMs: 30_000,
        })
      )[0]?.headers;
    const [wrongShapeHeaders, unknownTypeHeaders] = await Promise.all([
      deadLetterOf(wrongShape),
      deadLetterOf(unknownType),
    ]);
    expect(wrongShapeHeaders).toMatchObject({ 'dlq-attempts': '0', 'dlq-original-topic': 'notification-events' });
    expect(wrongShapeHeaders?.['dlq-error']).toMatch(
      /notification-events NotificationRequested:[\s\S]*userId[\s\S]*kind/,
    );
    expect(unknownTypeHeaders?.['dlq-error']).toBe(
      'notification-events: NotificationSent is not an event type of this topic',
    );
    await waitFor(() => seen.includes(valid), 30_000);
    expect(seen).not.toContain(wrongShape);
    expect(seen).not.toContain(unknownType);
    await groupBus.stop();
  });

  it("create the architecture document's topics with their partitions and retention", async () => {
    const admin = new Kafka({ brokers: env.kafkaBrokers.split(','), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const metadata = await admin.fetchTopicMetadata({
        topics: ['inventory-events', 'booking-events', 'user-events'],
      });
      const partitions = Object.fromEntries(metadata.topics.map((topic) => [topic.name, topic.partitions.length]));
      expect(partitions).toEqual({ 'inventory-events': 12, 'booking-events': 8, 'user-events': 6 });
      const configs = await admin.describeConfigs({
        resources: [{ type: 2, name: 'booking-events', configNames: ['retention.ms'] }],
        includeSynonyms: false,
      });
      expect(configs.resources[0]!.configEntries[0]!.configValue).toBe(String(365 * 24 * 60 * 60 * 1000));
    } finally {
      await admin.disconnect();
    }
  });
});
