import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import pg from 'pg';
import type { Topic } from '@showstream/contracts';
import {
  KafkaEventBus,
  SERVICE_PORT_OFFSETS,
  createLogger,
  type ServiceName,
  type SubgraphName,
} from '@showstream/platform';
import { TEST_DB_PREFIX, TEST_PORT_BASE, repositoryRoot, testEnvironment, waitFor } from './stack.ts';

export type StackService = ServiceName;

/** The launcher writes each service's pid here in process-per-service mode, and honours a `.hold` file beside it. */
const runDir = () => `${repositoryRoot}.data/run/${testEnvironment().portBase}`;
const pidFile = (service: StackService) => `${runDir()}/${service}.pid`;
const holdFile = (service: StackService) => `${runDir()}/${service}.hold`;

const servicePid = (service: StackService) => Number(readFileSync(pidFile(service), 'utf8'));

/** A service's liveness or readiness as it answers it: status code and body (readiness is 200 also while degraded). */
export async function serviceHealth(
  service: StackService,
  probe: 'live' | 'ready' = 'ready',
): Promise<{ status: number; body: { status: string; checks?: Record<string, string> } }> {
  const port = testEnvironment().portBase + SERVICE_PORT_OFFSETS[service];
  const response = await fetch(`http://127.0.0.1:${port}/health/${probe}`);
  return {
    status: response.status,
    body: (await response.json()) as { status: string; checks?: Record<string, string> },
  };
}

const serving = (service: StackService) =>
  serviceHealth(service).then(
    (health) => health.status === 200,
    () => false,
  );

/**
 * SIGKILLs a service (no draining, no final outbox flush), as a crash or an OOM kill would, waits
 * until it no longer answers, runs `whileDown`, and waits until the launcher has started it again
 * and it serves. With `holdDown` the launcher keeps it down until `whileDown` has finished.
 */
async function killAndRecover(
  service: StackService,
  whileDown: (() => Promise<void>) | undefined,
  holdDown: boolean,
): Promise<void> {
  const pid = servicePid(service);
  if (holdDown) writeFileSync(holdFile(service), '');
  try {
    process.kill(pid, 'SIGKILL');
    await waitFor(async () => !(await serving(service)), 10_000, 50);
    await whileDown?.();
  } finally {
    if (holdDown) rmSync(holdFile(service), { force: true });
  }
  await waitFor(async () => servicePid(service) !== pid && (await serving(service)), 90_000, 200);
}

/** Kills one service of the running test stack the hard way, then waits until the launcher has restarted it and it serves. */
export function crashAndRestart(service: StackService, whileDown?: () => Promise<void>): Promise<void> {
  return killAndRecover(service, whileDown, false);
}

/** Kills one service and keeps it down while `whileDown` runs (the rest of the stack keeps serving), then lets it start and waits until it serves. */
export function withServiceDown(service: StackService, whileDown: () => Promise<void>): Promise<void> {
  return killAndRecover(service, whileDown, true);
}

/**
 * Freezes a service (SIGSTOP) while `whileHung` runs: it keeps its sockets open but answers nothing,
 * like a process stuck in a loop or a long GC pause. It resumes (SIGCONT) afterwards.
 */
export async function withServiceHung(service: StackService, whileHung: () => Promise<void>): Promise<void> {
  const pid = servicePid(service);
  process.kill(pid, 'SIGSTOP');
  try {
    await whileHung();
  } finally {
    process.kill(pid, 'SIGCONT');
  }
  await waitFor(() => serving(service), 30_000, 200);
}

/** Runs scripts/kafka.sh against the test broker (its port taken from KAFKA_BROKERS). */
function kafkaScript(command: 'start' | 'stop'): void {
  const port = testEnvironment().kafkaBrokers.split(',')[0]!.split(':')[1]!;
  execFileSync('bash', ['scripts/kafka.sh', command], {
    cwd: repositoryRoot,
    env: { ...process.env, KAFKA_PORT: port },
    stdio: 'ignore',
  });
}

/** Stops the Kafka broker, runs `whileDown`, and starts the broker again on the same data. */
export async function withKafkaDown(whileDown: () => Promise<void>): Promise<void> {
  kafkaScript('stop');
  try {
    await whileDown();
  } finally {
    kafkaScript('start');
  }
}

/**
 * The fault phase's own Redis, so stopping it never touches the machine's shared one on 6379 (other
 * checkouts and services use that). No persistence: a restart comes back empty, the harsher case.
 */
export const PRIVATE_REDIS_PORT = TEST_PORT_BASE + 93;
const redisDir = () => `${runDir()}/redis`;

function redisAnswers(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port: PRIVATE_REDIS_PORT });
    socket.setTimeout(1_000);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

function redisPid(): number | undefined {
  try {
    return Number(readFileSync(`${redisDir()}/redis.pid`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Starts the private Redis (a daemon, so it outlives no one's pipe) and returns its URL once it answers. */
export async function startPrivateRedis(): Promise<string> {
  const dir = redisDir();
  mkdirSync(dir, { recursive: true });
  // A server an earlier, aborted run left behind is replaced, so this run starts empty.
  if (await redisAnswers()) await stopPrivateRedis();
  execFileSync('redis-server', [
    '--port',
    String(PRIVATE_REDIS_PORT),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--daemonize',
    'yes',
    '--dir',
    dir,
    '--pidfile',
    `${dir}/redis.pid`,
    '--logfile',
    `${dir}/redis.log`,
  ]);
  await waitFor(redisAnswers, 10_000, 50);
  return `redis://127.0.0.1:${PRIVATE_REDIS_PORT}`;
}

/** Stops the private Redis: SIGKILL by default (a crash; clients see connections drop), SIGTERM at the end of a run. */
export async function stopPrivateRedis(signal: 'SIGKILL' | 'SIGTERM' = 'SIGTERM'): Promise<void> {
  const pid = redisPid();
  try {
    if (pid) process.kill(pid, signal);
    else execFileSync('redis-cli', ['-p', String(PRIVATE_REDIS_PORT), 'shutdown', 'nosave'], { stdio: 'ignore' });
  } catch {
    // Already gone.
  }
  rmSync(`${redisDir()}/redis.pid`, { force: true });
  await waitFor(async () => !(await redisAnswers()), 10_000, 50);
}

/** Kills the private Redis mid-flow, runs `whileDown`, and starts it again (empty) on the same port. */
export async function withRedisDown(whileDown: () => Promise<void>): Promise<void> {
  await stopPrivateRedis('SIGKILL');
  try {
    await whileDown();
  } finally {
    await startPrivateRedis();
  }
}

/**
 * Runs `sql` on a subgraph's own test database (`payment`; `prod_payment` for a second payment
 * process whose DB_NAME_PREFIX adds `prod_` to the test prefix), or on the server's maintenance
 * database with `postgres`: fault injection such as a trigger that makes a consumer fail, a
 * database that refuses connections, or a row a second process's projection needs.
 */
export async function runSql(
  database: SubgraphName | `${string}_${SubgraphName}` | 'postgres',
  sql: string,
  params: unknown[] = [],
): Promise<Record<string, unknown>[]> {
  const url = new URL(testEnvironment().postgresUrl);
  url.pathname = `/${database === 'postgres' ? 'postgres' : `${TEST_DB_PREFIX}${database}`}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}

/** Waits until a consumer group has processed everything on `topic` (its committed offsets reach the end). */
export async function waitForConsumerGroup(groupId: string, topic: Topic, timeoutMs = 30_000): Promise<void> {
  const bus = new KafkaEventBus({
    brokers: testEnvironment().kafkaBrokers.split(','),
    clientId: 'showstream-tests',
    logger: createLogger('tests', 'silent'),
  });
  try {
    await waitFor(
      async () =>
        (await bus.consumerLag()).some((lag) => lag.groupId === groupId && lag.topic === topic && lag.lag === 0),
      timeoutMs,
      250,
    );
  } finally {
    await bus.stop();
  }
}
