import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { Migration } from '@mikro-orm/migrations';
import { defineEntity, p } from '@mikro-orm/core';
import {
  InProcessEventBus,
  createEnvelope,
  createLogger,
  idempotentHandler,
  openDatabase,
  type Orm,
} from '../src/index.ts';
import { TEST_DB_PREFIX, testEnvironment, waitFor } from '@showstream/testkit';

/**
 * The embedded default runs every service in one process: one service's transaction must never
 * leak into another's database, whether through MikroORM's context or through the in-process bus.
 */
class ProbesMigration extends Migration {
  override up(): void {
    this.addSql('create table probes (id uuid primary key)');
  }
}
const ProbeSchema = defineEntity({ name: 'Probe', tableName: 'probes', properties: { id: p.uuid().primary() } });
const logger = createLogger('platform-test', 'silent');
let publisher: Orm;
let consumer: Orm;

beforeAll(async () => {
  const open = (name: string) =>
    openDatabase({
      serverUrl: testEnvironment().postgresUrl,
      databaseName: `${TEST_DB_PREFIX}${name}`,
      entities: [ProbeSchema],
      migrations: [{ name: 'Migration1_probes', class: ProbesMigration }],
      logger,
    });
  [publisher, consumer] = await Promise.all([open('platform_publisher'), open('platform_consumer')]);
});

afterAll(async () => {
  await Promise.all([publisher.close(), consumer.close()]);
});

const currentDatabase = async (orm: Orm) =>
  (await orm.em.fork().execute<{ db: string }[]>('select current_database() as db'))[0]!.db;

describe('services sharing one process', () => {
  it('forks its own database’s EntityManager even inside another database’s transaction', async () => {
    const seen = await publisher.em.fork().transactional(() => currentDatabase(consumer));
    expect(seen).toBe(`${TEST_DB_PREFIX}platform_consumer`);
  });

  it('delivers in-process events outside the publisher’s transaction', async () => {
    const bus = new InProcessEventBus(logger);
    const userId = randomUUID();
    const databases: string[] = [];
    await bus.consume({
      groupId: 'in-process-test',
      topics: ['user-events'],
      handler: idempotentHandler(consumer, 'in-process-test', async (_envelope, tx) => {
        databases.push((await tx.execute<{ db: string }[]>('select current_database() as db'))[0]!.db);
      }),
    });
    await publisher.em.fork().transactional(() =>
      bus.publish([
        {
          topic: 'user-events',
          envelope: createEnvelope('test', {
            type: 'UserLoggedIn',
            key: userId,
            data: { userId, method: 'PASSWORD' },
          }),
        },
      ]),
    );
    await waitFor(() => databases.length === 1, 5_000, 20);
    expect(databases).toEqual([`${TEST_DB_PREFIX}platform_consumer`]);
    await bus.stop();
  });
});
