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
import { counted, graphqlAt } from './support.ts';

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

const graphql = graphqlAt(url);

const email = `bench-${randomUUID().slice(0, 8)}@example.test`;
const password = 'Bench-passw0rd';
await graphql('mutation($input: RegisterInput!) { register(input: $input) { accessToken } }', {
  input: { email, password, firstName: 'Bench', lastName: 'Mark' },
});
const LOGIN =
  'mutation($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }';

// Warm up connections, the JIT and the JWKS cache so the first level is not penalised.
for (let i = 0; i < 20; i++) await graphql(LOGIN, { email, password });

console.log(`login through ${url}: ${total} requests per level`);
console.log('concurrency   throughput/s      p50 ms      p95 ms      p99 ms');
for (const concurrency of levels) {
  const result = await counted(total, concurrency, () => graphql(LOGIN, { email, password }));
  const cells = [
    concurrency,
    result.perSecond.toFixed(1),
    result.p50.toFixed(1),
    result.p95.toFixed(1),
    result.p99.toFixed(1),
  ];
  console.log(cells.map((cell, index) => String(cell).padStart(index === 0 ? 11 : 14)).join(''));
}
