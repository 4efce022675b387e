import pg from 'pg';
import { MikroORM, type EntityManager, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import type { Constructor } from '@mikro-orm/core';
import type { Migration } from '@mikro-orm/migrations';
import type { Logger } from '../logging/logger.ts';
import { currentRequestScope } from '../logging/request-context.ts';
import { messagingMigrations, messagingEntities } from '../events/messaging-schema.ts';

export type { EntityManager };
export type Orm = MikroORM;

/** Each database's connections still open, as promises that settle when they have closed. */
const openConnections = new WeakMap<MikroORM, Set<Promise<void>>>();

export interface DatabaseOptions {
  /** Server URL without database name, e.g. postgres://postgres@127.0.0.1:5432 */
  serverUrl: string;
  /** Full database name, e.g. showstream_users; created when missing. */
  databaseName: string;
  entities: NonNullable<Options['entities']>;
  /** The service's committed migrations, oldest first; the platform's outbox/inbox tables come before them. */
  migrations: { name: string; class: Constructor<Migration> }[];
  logger: Logger;
  poolSize?: number;
}

const DUPLICATE_DATABASE = '42P04';
const UNIQUE_VIOLATION = '23505';

export function databaseUrl(serverUrl: string, databaseName: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${databaseName}`;
  return url.toString();
}

/** CREATE DATABASE has no IF NOT EXISTS; two processes starting together race, and the loser's error is harmless. */
export async function ensureDatabase(serverUrl: string, databaseName: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl(serverUrl, 'postgres') });
  await client.connect();
  try {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [databaseName]);
    if (existing.rowCount) return;
    await client.query(`CREATE DATABASE ${pg.escapeIdentifier(databaseName)}`);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== DUPLICATE_DATABASE && code !== UNIQUE_VIOLATION) throw error;
  } finally {
    await client.end();
  }
}

/**
 * Opens a subgraph's database: creates it if missing, connects MikroORM and applies the committed
 * migrations under an advisory lock, so several processes of one service can start at once.
 */
export async function openDatabase(options: DatabaseOptions): Promise<MikroORM> {
  await ensureDatabase(options.serverUrl, options.databaseName);
  const connections = new Set<Promise<void>>();
  const log = options.logger.child({ component: 'db' });
  const orm = await MikroORM.init({
    clientUrl: databaseUrl(options.serverUrl, options.databaseName),
    // MikroORM finds a transaction's EntityManager by context name; with one name for every database,
    // the embedded default's services (one process) would fork each other's transactions.
    contextName: options.databaseName,
    entities: [...messagingEntities, ...options.entities],
    // A database may be its migrations alone: the platform's messaging tables have no entities, and
    // scripts/sql-types.ts migrates scratch databases without a subgraph's.
    discovery: { warnWhenNoEntities: false },
    extensions: [Migrator],
    migrations: {
      migrationsList: [...messagingMigrations, ...options.migrations],
      snapshot: false,
      silent: true,
      transactional: true,
      allOrNothing: true,
    },
    pool: { min: 0, max: options.poolSize ?? 10 },
    driverOptions: { onPoolCreated: (pool: pg.Pool) => pool.on('connect', (client) => track(connections, client)) },
    slowQueryThreshold: 250,
    // Identity-map misuse is a bug we want to see: forking per request/message is required.
    allowGlobalContext: false,
    debug: false,
    loggerFactory: () => ({
      log: (_namespace, message) => log.debug(message),
      error: (_namespace, message) => log.error(message),
      warn: (_namespace, message) => log.warn(message),
      logQuery: (context) => {
        const scope = currentRequestScope();
        if (scope) scope.sqlQueries = (scope.sqlQueries ?? 0) + 1;
        log.trace({ query: context.query, took: context.took }, 'sql');
      },
      setDebugMode: () => undefined,
      isEnabled: () => true,
    }),
  });
  await runMigrations(orm, options.databaseName);
  openConnections.set(orm, connections);
  return orm;
}

function track(connections: Set<Promise<void>>, client: pg.PoolClient): void {
  const closed: Promise<void> = new Promise<void>((resolve) => client.once('end', () => resolve())).then(() => {
    connections.delete(closed);
  });
  connections.add(closed);
}

/**
 * Closes the pool and waits until its connections have closed. MikroORM's close() returns once the
 * pool has asked each connection to end, before they have: a PostgreSQL stopped right after (the
 * embedded default's last step) would tell the ones still open that it is terminating them.
 */
export async function closeDatabase(orm: MikroORM, timeoutMs = 2_000): Promise<void> {
  await orm.close();
  const closing = [...(openConnections.get(orm) ?? [])];
  await Promise.race([Promise.all(closing), new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
}

async function runMigrations(orm: MikroORM, databaseName: string): Promise<void> {
  const lockKey = `migrations:${databaseName}`;
  // A session-level lock needs one connection for lock and unlock, so take it on a dedicated client.
  const client = new pg.Client({ connectionString: orm.config.get('clientUrl') });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [lockKey]);
    await orm.migrator.up();
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]).catch(() => undefined);
    await client.end();
  }
}

/** Retries a unit of work on the errors PostgreSQL asks callers to retry: serialization failure and deadlock. */
export async function withTransactionRetry<T>(work: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const code = (error as { code?: string }).code;
      const retryable = code === '40001' || code === '40P01';
      if (!retryable || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10 * 2 ** attempt * Math.random()));
    }
  }
}
