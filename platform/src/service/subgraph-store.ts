import type { MikroORM } from '@mikro-orm/postgresql';
import type { SubgraphName } from '../config/ports.ts';
import { closeDatabase, openDatabase, type DatabaseOptions } from '../db/database.ts';
import { Outbox, OutboxRelay } from '../events/outbox.ts';
import type { Infrastructure } from '../infrastructure.ts';

export interface SubgraphStore {
  orm: MikroORM;
  outbox: Outbox;
  relay: OutboxRelay;
}

/**
 * A subgraph's own database with its outbox relay running, closed in order on shutdown
 * (relay flushes what is committed, then the pool closes).
 */
export async function openSubgraphStore(
  infra: Infrastructure,
  name: SubgraphName,
  schema: Pick<DatabaseOptions, 'entities' | 'migrations'>,
): Promise<SubgraphStore> {
  const { config, logger, lifecycle } = infra;
  if (!config.POSTGRES_URL)
    throw new Error('POSTGRES_URL is not set; start through `npm start` for the embedded PostgreSQL.');
  const orm = await openDatabase({
    serverUrl: config.POSTGRES_URL,
    databaseName: `${config.DB_NAME_PREFIX}${name}`,
    logger,
    ...schema,
  });
  lifecycle.onShutdown(`${name} database`, () => closeDatabase(orm));
  const relay = new OutboxRelay({ orm, bus: infra.bus, logger });
  relay.start();
  lifecycle.onShutdown(`${name} outbox relay`, () => relay.stop());
  return { orm, outbox: new Outbox(name, orm, relay), relay };
}
