import { spawn, type ChildProcess } from 'node:child_process';
import { get } from 'node:http';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { escapeLike, metricsPort, type ServiceName } from '@showstream/platform';

export const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Where the test stack listens, away from the default 4000 so tests can run beside `npm start`;
 * overridable (with the database prefix) so two checkouts can run their suites side by side.
 */
export const TEST_PORT_BASE = Number(process.env.SHOWSTREAM_TEST_PORT_BASE ?? 4100);
export const TEST_DB_PREFIX = process.env.SHOWSTREAM_TEST_DB_PREFIX ?? 'showstream_test_';
/** The test stack's RATE_LIMIT_KEY_PREFIX: its namespace in a Redis other stacks share (budgets, token revocations). */
export const TEST_REDIS_NAMESPACE = `showstream-test-${TEST_PORT_BASE}`;
// Not +90: 4190 is on the fetch standard's list of blocked ports.
export const OIDC_SANDBOX_PORT = TEST_PORT_BASE + 95;

export interface TestEnvironment {
  routerUrl: string;
  postgresUrl: string;
  redisUrl: string;
  kafkaBrokers: string;
  portBase: number;
}

/** Where a service of the test stack (or of the stack on `portBase`) serves its metrics: a listener of its own, never its public port. */
export function metricsUrl(service: ServiceName, portBase = TEST_PORT_BASE): string {
  return `http://127.0.0.1:${metricsPort({ PORT_BASE: portBase }, service)}/metrics`;
}

export function testEnvironment(): TestEnvironment {
  return {
    routerUrl: `http://127.0.0.1:${TEST_PORT_BASE}/graphql`,
    postgresUrl: process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432',
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    kafkaBrokers: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
    portBase: TEST_PORT_BASE,
  };
}

/** Test databases start empty every run, so no test depends on what an earlier run left (only this prefix's: `_` is literal). */
export async function dropTestDatabases(postgresUrl: string): Promise<void> {
  const url = new URL(postgresUrl);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>('select datname from pg_database where datname like $1', [
      `${escapeLike(TEST_DB_PREFIX)}%`,
    ]);
    for (const { datname } of rows) await client.query(`drop database ${pg.escapeIdentifier(datname)} with (force)`);
  } finally {
    await client.end();
  }
}

export const SUPERADMIN = { email: 'root@showstream.test', password: 'Root-passw0rd' };

/**
 * The test stack's router secret: not the public development value, which production refuses, so
 * that routers in production mode (startRouterProcess) can share the stack's subgraphs.
 */
export const TEST_ROUTER_SECRET = process.env.ROUTER_SECRET ?? 'showstream-test-stack-router-secret';

export interface RunningStack {
  process: ChildProcess;
  logFile: string;
  stop(): Promise<void>;
}

/**
 * Starts the real stack the way production runs it: `npm start`'s process-per-service mode
 * against real PostgreSQL, Redis and Kafka. Its output goes to a log file, shown if start fails.
 */
export async function startStack(extraEnv: Record<string, string> = {}): Promise<RunningStack> {
  const env = testEnvironment();
  const logDir = `${repositoryRoot}.data/test-logs`;
  mkdirSync(logDir, { recursive: true });
  const logFile = `${logDir}/stack.log`;
  // The stack writes straight to the file: a pipe would keep Jest alive until every grandchild closed it.
  const log = openSync(logFile, 'w');
  const child = spawn(process.execPath, ['scripts/start.ts'], {
    cwd: repositoryRoot,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      PORT_BASE: String(env.portBase),
      POSTGRES_URL: env.postgresUrl,
      REDIS_URL: env.redisUrl,
      KAFKA_BROKERS: env.kafkaBrokers,
      DB_NAME_PREFIX: TEST_DB_PREFIX,
      ROUTER_SECRET: TEST_ROUTER_SECRET,
      SUPERADMIN_EMAIL: SUPERADMIN.email,
      SUPERADMIN_PASSWORD: SUPERADMIN.password,
      ...extraEnv,
    },
    stdio: ['ignore', log, log],
    detached: true,
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  // Several checkouts' stacks starting at once on two cores can take minutes.
  const ready = waitFor(() => healthy(`http://127.0.0.1:${env.portBase}/health`), 240_000);
  const outcome = await Promise.race([
    ready.then(
      () => 'ready' as const,
      () => 'timed out' as const,
    ),
    exited.then(() => 'exited' as const),
  ]);
  if (outcome !== 'ready') {
    // A stack that did not come up in time is stopped, not left running beside the next attempt.
    if (child.exitCode === null) process.kill(-child.pid!, 'SIGTERM');
    throw new Error(
      `the stack did not start; last log lines:\n${readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n')}`,
    );
  }
  return {
    process: child,
    logFile,
    stop: async () => {
      if (child.exitCode === null) {
        process.kill(-child.pid!, 'SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000).unref())]);
        if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
      }
      closeSync(log);
    },
  };
}

/** One health probe without keep-alive, so no idle socket holds Jest's process open after the run. */
function healthy(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    get(url, { agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    }).on('error', () => resolve(false));
  });
}

/** Polls `check` until it is true or `timeoutMs` passes. */
export async function waitFor(
  check: () => Promise<boolean> | boolean,
  timeoutMs = 10_000,
  intervalMs = 100,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}
