/**
 * What the router's production machinery costs per request, side by side in one run: three extra
 * routers in front of the same running subgraphs, taking turns with the same operations.
 *
 * - baseline: no trusted-operation check, tracing off (OTEL_SDK_DISABLED);
 * - tracing: spans recorded for every request (not exported), as every deployment runs;
 * - production: NODE_ENV=production — trusted operations enforced (sent by persisted id),
 *   admin-only introspection, tracing — as the public router runs.
 * All three apply the document limits and spend from Redis rate limits (with budgets out of reach).
 *
 *   node bench/router-overhead.ts [--stack-port-base 4000] [--requests 400] [--concurrency 1,16] [--rounds 3]
 *
 * Start the stack first (`KAFKA_BROKERS=… npm start`, see the README); the routers take its port base + 50…52.
 */
import { parseArgs } from 'node:util';
import manifest from '@showstream/client-ops/persisted-operations.json' with { type: 'json' };
import { startRouterProcess, type RouterProcess } from '@showstream/testkit';
import { counted, row } from './support.ts';

const { values } = parseArgs({
  options: {
    'stack-port-base': { type: 'string', default: '4000' },
    requests: { type: 'string', default: '400' },
    concurrency: { type: 'string', default: '1,16' },
    rounds: { type: 'string', default: '3' },
  },
});
const stackPortBase = Number(values['stack-port-base']);
const levels = values.concurrency!.split(',').map(Number);

const OUT_OF_REACH = '1000000000/60';
const common = {
  RATE_LIMIT_KEY_PREFIX: `bench-${Date.now()}`,
  RATE_LIMIT_REQUESTS: OUT_OF_REACH,
  RATE_LIMIT_AUTH: OUT_OF_REACH,
  RATE_LIMIT_SEAT_LOCKS: OUT_OF_REACH,
  RATE_LIMIT_PAYMENTS: OUT_OF_REACH,
  LOG_LEVEL: 'warn',
};
const variants: { name: string; env: Record<string, string>; byId: boolean }[] = [
  {
    name: 'baseline',
    env: { NODE_ENV: 'development', TRUSTED_OPERATIONS: 'off', OTEL_SDK_DISABLED: 'true' },
    byId: false,
  },
  { name: 'tracing', env: { NODE_ENV: 'development', TRUSTED_OPERATIONS: 'off' }, byId: false },
  { name: 'production', env: { NODE_ENV: 'production' }, byId: true },
];

const operation = (name: string) => manifest.operations.find((candidate) => candidate.name === name)!;
// A trivial read (the router's own overhead dominates) and a page of events (a realistic one).
const operations = [
  { label: 'Cities', operation: operation('Cities'), variables: {} },
  { label: 'BrowseEvents(20)', operation: operation('BrowseEvents'), variables: { first: 20 } },
];

async function send(router: RouterProcess, byId: boolean, op: (typeof operations)[number]) {
  const body = byId
    ? {
        operationName: op.operation.name,
        variables: op.variables,
        extensions: { persistedQuery: { version: 1, sha256Hash: op.operation.id } },
      }
    : { operationName: op.operation.name, query: op.operation.body, variables: op.variables };
  const response = await fetch(router.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const result = (await response.json()) as { errors?: unknown[] };
  if (result.errors) throw new Error(JSON.stringify(result.errors));
}

const routers: RouterProcess[] = [];
try {
  for (const [index, variant] of variants.entries()) {
    routers.push(await startRouterProcess({ ...common, ...variant.env }, { stackPortBase, portOffset: 50 + index }));
  }
  // Warm every router (JIT, connection pools, query plans) before measuring.
  for (const [index, variant] of variants.entries()) {
    for (const op of operations) await counted(100, 4, () => send(routers[index]!, variant.byId, op));
  }

  console.log(
    `router overhead in front of the subgraphs at port base ${stackPortBase}: ${values.requests} requests per cell, best of ${values.rounds} interleaved rounds`,
  );
  console.log(row(['operation', 'concurrency', 'router', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'vs baseline'], 14));
  for (const op of operations) {
    for (const concurrency of levels) {
      const best = new Map<string, Awaited<ReturnType<typeof counted>>>();
      // Rounds alternate the routers, so each sees the same machine conditions; the best round of each is kept.
      for (let round = 0; round < Number(values.rounds); round++) {
        for (const [index, variant] of variants.entries()) {
          const result = await counted(Number(values.requests), concurrency, () =>
            send(routers[index]!, variant.byId, op),
          );
          if (result.perSecond > (best.get(variant.name)?.perSecond ?? 0)) best.set(variant.name, result);
        }
      }
      const baseline = best.get('baseline')!;
      for (const variant of variants) {
        const result = best.get(variant.name)!;
        console.log(
          row(
            [
              op.label,
              concurrency,
              variant.name,
              result.perSecond.toFixed(0),
              result.p50.toFixed(2),
              result.p95.toFixed(2),
              result.p99.toFixed(2),
              `${(result.perSecond / baseline.perSecond).toFixed(2)}×`,
            ],
            14,
          ),
        );
      }
    }
  }
} finally {
  await Promise.all(routers.map((router) => router.stop()));
}
