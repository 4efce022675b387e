import { SERVICE_PORT_OFFSETS, subgraphUrl, usersJwksUrl, type SubgraphName } from '@showstream/platform';
import { startServiceProcess } from './service-process.ts';
import { TEST_ROUTER_SECRET, metricsUrl, testEnvironment } from './stack.ts';

export interface RouterProcess {
  /** http://127.0.0.1:<port>/graphql */
  url: string;
  wsUrl: string;
  /** Its metrics listener (its port + 10, on loopback). */
  metricsUrl: string;
  logFile: string;
  stop(): Promise<void>;
}

/**
 * Starts a second router process in front of the running test stack's subgraphs — in production
 * mode by default, e.g. to test the protections with budgets of its own — sharing the stack's
 * router secret, token issuer, JWKS and Redis. It listens on the stack's port base + `portOffset`
 * (nothing else of the stack's uses +50 to +59, nor, for its metrics, +60 to +69; suites that start one each take an offset of their own,
 * since suites run side by side). `env` overrides anything, NODE_ENV included.
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
  const router = await startServiceProcess(
    'router/src/main.ts',
    {
      NODE_ENV: 'production',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      PORT_BASE: String(port),
      REDIS_URL: stack.redisUrl,
      // The router publishes and consumes no events: the in-process bus spares it a Kafka client.
      KAFKA_BROKERS: '',
      ROUTER_SECRET: TEST_ROUTER_SECRET,
      USERS_JWKS_URL: usersJwksUrl(stackConfig),
      ...Object.fromEntries(
        subgraphs.map((name) => [`SUBGRAPH_URL_${name.toUpperCase()}`, subgraphUrl(stackConfig, name)]),
      ),
      ...env,
    },
    { port, label: `router-${port}` },
  );
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
    metricsUrl: metricsUrl('router', port),
    logFile: router.logFile,
    stop: () => router.stop(),
  };
}
