/**
 * Catalogue read latency through the router on the seeded catalogue: `searchEvents` (ranked,
 * typo-tolerant) and a 50-show listing with each show's event, venue and screen, measured side
 * by side in one run, plus the SQL statements the catalog ran per listing (from its metrics).
 *
 *   node bench/catalog-reads.ts [--url http://127.0.0.1:4000/graphql] [--catalog-metrics http://127.0.0.1:4012/metrics] [--requests 300] [--concurrency 1,8]
 *
 * Start the stack first (`npm start` seeds the catalogue on first start).
 */
import { parseArgs } from 'node:util';
import { counted, graphqlAt } from './support.ts';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: process.env.ROUTER_URL ?? 'http://127.0.0.1:4000/graphql' },
    'catalog-metrics': { type: 'string', default: 'http://127.0.0.1:4012/metrics' },
    requests: { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '1,8' },
  },
});
const total = Number(values.requests);
const levels = values.concurrency!.split(',').map(Number);

const SEARCH_TERMS = [
  'avngers',
  'monsoon',
  'interstellar drift',
  'comedy',
  'chai chaos',
  'kaveri',
  'thriller night',
  'jungle beet',
];
const LISTING = `query BenchShowListing {
  shows(first: 50) { totalCount edges { node {
    id startsAt prices { seatType price { amountMinor } }
    event { title genres language rating }
    venue { name city }
    screen { name capacity }
  } } }
}`;
const SEARCH =
  'query BenchSearch($q: String!) { searchEvents(query: $q, first: 20) { totalCount edges { node { id title category language } } } }';

const graphql = graphqlAt(values.url!);

async function listingSqlStatements(): Promise<{ sum: number; count: number }> {
  const text = await (await fetch(values['catalog-metrics']!)).text();
  const read = (suffix: string) =>
    Number(
      text
        .split('\n')
        .find(
          (line) =>
            line.startsWith(`graphql_operation_sql_queries_${suffix}{`) &&
            line.includes('operation="BenchShowListing__catalog__0"'),
        )
        ?.split(' ')
        .at(-1) ?? 0,
    );
  return { sum: read('sum'), count: read('count') };
}

const runs = {
  searchEvents: (i: number) => graphql(SEARCH, { q: SEARCH_TERMS[i % SEARCH_TERMS.length] }),
  '50-show listing': () => graphql(LISTING),
};

for (let i = 0; i < 30; i++) await Promise.all(Object.values(runs).map((run) => run(i)));
const before = await listingSqlStatements();

console.log(`catalogue reads through ${values.url}: ${total} requests per row`);
console.log('operation           concurrency   throughput/s      p50 ms      p95 ms      p99 ms');
for (const concurrency of levels) {
  // Alternate the two operations at each level so both see the same machine conditions.
  for (const [name, run] of Object.entries(runs)) {
    const result = await counted(total, concurrency, run);
    console.log(
      name.padEnd(20) +
        [concurrency, result.perSecond.toFixed(1), result.p50.toFixed(1), result.p95.toFixed(1), result.p99.toFixed(1)]
          .map((cell, index) => String(cell).padStart(index === 0 ? 11 : 14))
          .join(''),
    );
  }
}
const after = await listingSqlStatements();
console.log(
  `\nSQL statements per 50-show listing (catalog metrics): ${((after.sum - before.sum) / (after.count - before.count)).toFixed(2)}`,
);
