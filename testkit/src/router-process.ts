import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { SERVICE_PORT_OFFSETS, subgraphUrl, usersJwksUrl, type SubgraphName } from '@showstream/platform';
import { TEST_ROUTER_SECRET, repositoryRoot, testEnvironment, waitFor } from './stack.ts';

export interface RouterProcess {
  /** http://127.0.0.1:<port>/graphql */
  url: string;
  wsUrl: string;
  logFile: string;
  stop(): Promise<void>;
}

/**
 * Starts a second router process in front of the running test stack's subgraphs — in production
 * mode by default, e.g. to test the protections with budgets of its own — sharing the stack's
 * router secret, token issuer, JWKS and Redis. It listens on the stack's port base + `portOffset`
 * (nothing else of the stack's uses +50 to +59). `env` overrides anything, NODE_ENV included.
 * `stackPortBase` points it at another stack than the test stack (the benchmarks use `npm start`'s).
 */
export async function startRouterProcess(
  env: Record<string, string> = {},
  { portOffset = 50, stackPortBase = testEnvironment().portBase }: { portOffset?: number; stackPortBase?: number } = {},
): Promise<RouterProcess> {
  const stack = testEnvironment();
  const port = stackPortBase + portOffset;
  const stackConfig = { PORT_BASE: stackPortBase, USERS_JWKS_URL: process.env.USERS_JWKS_URL };
  const subgraphs = Object.keys(SERVICE_PORT_OFFSETS).filter((name): name is SubgraphName => name !== 'router');
  const logDir = `${repositoryRoot}.data/test-logs`;
  mkdirSync(logDir, { recursive: true });
  const logFile = `${logDir}/router-${port}.log`;
  const log = openSync(logFile, 'w');
  const child = spawn(process.execPath, ['router/src/main.ts'], {
    cwd: repositoryRoot,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      PORT_BASE: String(port),
      REDIS_URL: stack.redisUrl,
      // The router publishes and consumes no events: the in-process bus spares it a Kafka client.
      KAFKA_BROKERS: '',
      ROUTER_SECRET: TEST_ROUTER_SECRET,
      USERS_JWKS_URL: usersJwksUrl(stackConfig),
      ...Object.fromEntries(subgraphs.map((name) => [`SUBGRAPH_URL_${name.toUpperCase()}`, subgraphUrl(stackConfig, name)])),
      ...env,
    },
    stdio: ['ignore', log, log],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const live = () => fetch(`http://127.0.0.1:${port}/health/live`).then((response) => response.ok, () => false);
  try {
    await waitFor(async () => {
      if (child.exitCode !== null) throw new Error('the router exited');
      return live();
    }, 120_000, 200);
  } catch (error) {
    child.kill('SIGKILL');
    closeSync(log);
    throw new Error(`the router on port ${port} did not start (${String(error)}); last log lines:\n${readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n')}`);
  }
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
    logFile,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000).unref())]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      closeSync(log);
    },
  };
}
