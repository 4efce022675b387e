/**
 * Login latency through the router: p50/p95/p99 and throughput for `login` at a few
 * concurrency levels, against a running stack (`npm start`, or the test stack on :4100).
 *
 *   node bench/login-latency.ts [--url http://127.0.0.1:4000/graphql] [--requests 300] [--concurrency 1,4,8]
 *
 * Login is dominated by argon2id (19 MiB, t=2): the figures measure that cost plus the
 * router → users hop, the refresh-token insert and the outbox write.
 */
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: process.env.ROUTER_URL ?? 'http://127.0.0.1:4000/graphql' },
    requests: { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '1,4,8' },
  },
});
const url = values.url!;
const total = Number(values.requests);
const levels = values.concurrency!.split(',').map(Number);

async function graphql(query: string, variables: Record<string, unknown>) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
}

const email = `bench-${randomUUID().slice(0, 8)}@example.test`;
const password = 'Bench-passw0rd';
await graphql('mutation($input: RegisterInput!) { register(input: $input) { accessToken } }', {
  input: { email, password, firstName: 'Bench', lastName: 'Mark' },
});
const LOGIN = 'mutation($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }';

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

// Warm up connections, the JIT and the JWKS cache so the first level is not penalised.
for (let i = 0; i < 20; i++) await graphql(LOGIN, { email, password });

console.log(`login through ${url}: ${total} requests per level`);
console.log('concurrency   throughput/s      p50 ms      p95 ms      p99 ms');
for (const concurrency of levels) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next++;
        const t0 = performance.now();
        await graphql(LOGIN, { email, password });
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const row = [concurrency, (latencies.length / seconds).toFixed(1), percentile(latencies, 50).toFixed(1), percentile(latencies, 95).toFixed(1), percentile(latencies, 99).toFixed(1)];
  console.log(row.map((cell, index) => String(cell).padStart(index === 0 ? 11 : 14)).join(''));
}
