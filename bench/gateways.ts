/**
 * The router beside a second gateway and beside the subgraph it fronts, side by side in one run,
 * taking turns round after round so the machine's noise falls on all of them alike:
 *
 * - heavy: a listing page's cross-subgraph query — events, each with its shows, their venue and
 *   prices (catalog) and seat availability (inventory) — from many clients at once;
 * - listing: 20 events (catalog only) from one client, also sent straight to the catalog subgraph,
 *   the floor that shows what the router adds.
 *
 * The second gateway is Hive Gateway on the same supergraph and subgraphs, installed into
 * `.cache/bench/hive-gateway` for this benchmark only (it is no dependency of the project). It passes
 * the router secret and the caller's token on to the subgraphs, as our router does. CPU per request of
 * each gateway process comes from /proc (bench/process-cpu.ts).
 *
 *   node bench/gateways.ts [--stack-port-base 4000] [--clients 50] [--seconds 8] [--rounds 3]
 *
 * Start the stack first (`KAFKA_BROKERS=… npm start` with SEED_DEMO_DATA=true and the budgets of the
 * README's Benchmarks section); Hive Gateway listens on the port base + 70.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ROUTER_SECRET_HEADER, SERVICE_PORT_OFFSETS, routerSecret } from '@showstream/platform';
import { CpuSampler, stackProcesses } from './process-cpu.ts';
import { row, timed } from './support.ts';

const HIVE_GATEWAY_VERSION = '2.15.1';
const HIVE_PORT_OFFSET = 70;

const { values } = parseArgs({
  options: {
    'stack-port-base': { type: 'string', default: '4000' },
    clients: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '3' },
  },
});
const base = Number(values['stack-port-base']);
const clients = Number(values.clients);
const seconds = Number(values.seconds);
// The stack's own: ROUTER_SECRET, or the development value when it runs without one.
const secret = routerSecret({ ROUTER_SECRET: process.env.ROUTER_SECRET });
const root = new URL('../', import.meta.url).pathname;

const HEAVY = `query Heavy {
  events(first: 4) { edges { node { id title category
    shows { id startsAt status venue { id name city } prices { seatType priceTier price { amountMinor currency } }
            availability { total available locked booked } } } } }
}`;
const LISTING =
  'query Listing { events(first: 20) { edges { node { id title category genres language durationMinutes } } } }';

// --- Hive Gateway, installed beside the repository's cache and pointed at this stack's subgraphs ---
const home = `${root}.cache/bench/hive-gateway`;
if (!existsSync(`${home}/node_modules/@graphql-hive/gateway/package.json`)) {
  console.log(`installing @graphql-hive/gateway@${HIVE_GATEWAY_VERSION} into ${home} (once)…`);
  mkdirSync(home, { recursive: true });
  writeFileSync(`${home}/package.json`, JSON.stringify({ private: true, type: 'module' }));
  const installed = spawnSync(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefix', home, `@graphql-hive/gateway@${HIVE_GATEWAY_VERSION}`],
    { stdio: 'inherit' },
  );
  if (installed.status !== 0) throw new Error('could not install Hive Gateway');
}
const supergraph = readFileSync(`${root}schema/supergraph.graphql`, 'utf8').replace(
  /url: "http:\/\/127\.0\.0\.1:40(\d\d)\/graphql"/g,
  (_match, offset: string) => `url: "http://127.0.0.1:${base + Number(offset)}/graphql"`,
);
writeFileSync(`${home}/supergraph.graphql`, supergraph);
writeFileSync(
  `${home}/gateway.config.mjs`,
  `export const gatewayConfig = {
  supergraph: ${JSON.stringify(`${home}/supergraph.graphql`)},
  logging: 'error',
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => ({ ${JSON.stringify(ROUTER_SECRET_HEADER)}: ${JSON.stringify(secret)}, authorization: request.headers.get('authorization') ?? undefined }),
  },
};
`,
);
const hiveBin = JSON.parse(readFileSync(`${home}/node_modules/@graphql-hive/gateway/package.json`, 'utf8')).bin;
const hive = spawn(
  process.execPath,
  [
    `${home}/node_modules/@graphql-hive/gateway/${typeof hiveBin === 'string' ? hiveBin : hiveBin['hive-gateway']}`,
    'supergraph',
    '-c',
    `${home}/gateway.config.mjs`,
    '-p',
    String(base + HIVE_PORT_OFFSET),
    '-h',
    '127.0.0.1',
  ],
  {
    cwd: home,
    stdio: ['ignore', 'ignore', 'inherit'],
  },
);
process.on('exit', () => hive.kill());

const targets = {
  router: { url: `http://127.0.0.1:${base}/graphql`, headers: {} },
  'hive-gateway': { url: `http://127.0.0.1:${base + HIVE_PORT_OFFSET}/graphql`, headers: {} },
  'catalog direct': {
    url: `http://127.0.0.1:${base + SERVICE_PORT_OFFSETS.catalog}/graphql`,
    headers: { [ROUTER_SECRET_HEADER]: secret },
  },
};
type Target = keyof typeof targets;

async function ask(target: Target, query: string): Promise<void> {
  const response = await fetch(targets[target].url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...targets[target].headers },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { errors?: unknown[] };
  if (body.errors || !response.ok)
    throw new Error(`${target}: ${JSON.stringify(body.errors ?? response.status).slice(0, 300)}`);
}

for (let attempt = 0; ; attempt++) {
  try {
    await ask('hive-gateway', HEAVY);
    break;
  } catch (error) {
    if (attempt > 120) throw error;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
await ask('router', HEAVY);
const heavyBytes = JSON.stringify(
  await (
    await fetch(targets.router.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: HEAVY }),
    })
  ).json(),
).length;

const processes = new Map([
  ['router', stackProcesses(base).get('router') ?? stackProcesses(base).get('launcher') ?? []],
  ['hive-gateway', [hive.pid!]],
  ['catalog direct', stackProcesses(base).get('catalog') ?? []],
]);

/** One run of a target: throughput, latency, and CPU ms per request of the process that served it. */
async function measure(target: Target, query: string, concurrency: number) {
  const sampler = new CpuSampler(new Map([[target, processes.get(target)!]]));
  const before = await sampler.sample();
  const result = await timed(seconds, concurrency, () => ask(target, query));
  const cpu = ((await sampler.sample()).get(target)! - before.get(target)!) / result.count;
  return { ...result, cpu };
}

const results = new Map<string, { perSecond: number[]; p50: number[]; p95: number[]; cpu: number[] }>();
const record = (name: string, run: Awaited<ReturnType<typeof measure>>) => {
  const entry = results.get(name) ?? { perSecond: [], p50: [], p95: [], cpu: [] };
  entry.perSecond.push(run.perSecond);
  entry.p50.push(run.p50);
  entry.p95.push(run.p95);
  entry.cpu.push(run.cpu);
  results.set(name, entry);
};

console.log(
  `\nheavy: ${clients} clients, ${(heavyBytes / 1024).toFixed(0)} KB answers; listing: 1 client, 20 events — ${seconds} s a turn, ${values.rounds} rounds`,
);
for (let round = 1; round <= Number(values.rounds); round++) {
  for (const target of ['router', 'hive-gateway'] as const)
    record(`heavy  ${target}`, await measure(target, HEAVY, clients));
  for (const target of ['router', 'hive-gateway', 'catalog direct'] as const)
    record(`listing ${target}`, await measure(target, LISTING, 1));
  process.stdout.write(`  round ${round} done\n`);
}

const median = (numbers: number[]) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)]!;
console.log(
  `\n${'(medians of the rounds)'.padEnd(26)}${row(['req/s', 'p50 ms', 'p95 ms', 'CPU ms/req', 'req/s each round'], 14)}`,
);
for (const [name, entry] of results) {
  console.log(
    `${name.padEnd(26)}${row([median(entry.perSecond).toFixed(1), median(entry.p50).toFixed(1), median(entry.p95).toFixed(1), median(entry.cpu).toFixed(2), entry.perSecond.map((n) => n.toFixed(0)).join('/')], 14)}`,
  );
}
const ratio = (a: string, b: string) =>
  (median(results.get(a)!.perSecond) / median(results.get(b)!.perSecond)).toFixed(2);
console.log(
  `\nheavy: router ${ratio('heavy  router', 'heavy  hive-gateway')}× Hive Gateway's rate; listing: router ${ratio('listing router', 'listing catalog direct')}× the catalog subgraph's own rate`,
);
hive.kill();
