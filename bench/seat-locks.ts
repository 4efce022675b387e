/**
 * Seat holds, measured side by side in one run:
 *  1. `lockSeats` through the router (HTTP → router → inventory → PostgreSQL + outbox) at rising concurrency;
 *  2. the same conditional update as raw SQL on the inventory database (the floor: no GraphQL, no outbox);
 *  3. lock commit → subscriber receipt over graphql-ws, with 1,000 and 10,000 subscribers on one show.
 *
 *   node bench/seat-locks.ts [--url http://127.0.0.1:4000/graphql] [--postgres postgres://postgres@127.0.0.1:5432/showstream_inventory]
 *                            [--seconds 5] [--concurrency 1,4,16,64] [--subscribers 1000,10000]
 *
 * Each row also prints CPU ms per cycle of each of the stack's processes (found by the router URL's
 * port, the stack's PORT_BASE), PostgreSQL's backends on the inventory database included, and Kafka
 * and Redis (machine-wide; bench/process-cpu.ts). `--subscribers ''` skips the fan-out part.
 *
 * Run it against the stack on real services (`KAFKA_BROKERS=… npm start`, see README); it creates its own
 * venue, show and users. Each worker holds two seats of its own and releases them, so the figures are
 * for uncontended holds; contention is what the race tests cover.
 */
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import WebSocket from 'ws';
import { CpuSampler, formatCpu, stackProcesses } from './process-cpu.ts';
import {
  adminToken,
  createBenchShow,
  graphqlAt,
  registerBenchUsers,
  row,
  seatLabel,
  summary,
  timed,
} from './support.ts';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: process.env.ROUTER_URL ?? 'http://127.0.0.1:4000/graphql' },
    postgres: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/showstream_inventory' },
    seconds: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '1,4,16,64' },
    subscribers: { type: 'string', default: '1000,10000' },
    admin: { type: 'string', default: 'admin@showstream.local:ShowStream-admin-1' },
  },
});
const url = values.url!;
const seconds = Number(values.seconds);
const levels = values.concurrency!.split(',').map(Number);
const maxWorkers = Math.max(...levels);

const graphql = graphqlAt(url);

// --- setup: a big screen, a show, one user per worker --------------------------------------
const admin = await adminToken(graphql, values.admin!);
const showId = await createBenchShow(graphql, admin, 20, 25);
const tokens = await registerBenchUsers(graphql, maxWorkers);
/** Worker w owns seats 2w+1 and 2w+2 in row order, so workers never contend. */
const seatsOf = (worker: number) => [2 * worker, 2 * worker + 1].map((index) => seatLabel(index, 25));

const LOCK = 'mutation($s: ID!, $n: [String!]!) { lockSeats(showId: $s, seatNumbers: $n) { id } }';
const RELEASE = 'mutation($l: ID!) { releaseSeats(lockId: $l) { id } }';
const viaRouter = async (worker: number) => {
  const lock = (await graphql(LOCK, { s: showId, n: seatsOf(worker) }, tokens[worker])).lockSeats.id;
  await graphql(RELEASE, { l: lock }, tokens[worker]);
};

const pool = new pg.Pool({ connectionString: values.postgres, max: maxWorkers });
/** The floor: the same row locks, conditional update and version bump in one transaction, then the release. */
const rawSql = async (worker: number) => {
  const client = await pool.connect();
  try {
    const lockId = randomUUID();
    await client.query('begin');
    await client.query(
      'select id from seat_inventory where show_id = $1 and seat_number = any($2) order by seat_number for update',
      [showId, seatsOf(worker)],
    );
    const taken = await client.query(
      `update seat_inventory set status = 'LOCKED', lock_id = $3, locked_by = $3, locked_until = now() + interval '8 minutes', held_price_minor = price_minor, updated_at = now()
       where show_id = $1 and seat_number = any($2) and (status = 'AVAILABLE' or (status = 'LOCKED' and locked_until <= now()))`,
      [showId, seatsOf(worker), lockId],
    );
    if (taken.rowCount !== 2) throw new Error('seat unexpectedly taken');
    await client.query(
      'update show_inventory set version = version + 1, available = available - 2, locked = locked + 2 where show_id = $1',
      [showId],
    );
    await client.query('commit');
    await client.query('begin');
    await client.query(
      "update seat_inventory set status = 'AVAILABLE', lock_id = null, locked_by = null, locked_until = null, held_price_minor = null where lock_id = $1",
      [lockId],
    );
    await client.query(
      'update show_inventory set version = version + 1, available = available + 2, locked = locked - 2 where show_id = $1',
      [showId],
    );
    await client.query('commit');
  } finally {
    client.release();
  }
};

const cpu = new CpuSampler(stackProcesses(Number(new URL(url).port || 80)), pool);

console.log(`hold + release of 2 seats, ${seconds} s per row (each row is one hold and one release)`);
console.log(
  'path                concurrency    cycles/s      p50 ms      p95 ms      p99 ms   CPU ms per cycle, by process',
);
for (const concurrency of levels) {
  for (const [name, once] of [
    ['router lockSeats', viaRouter],
    ['raw SQL (floor)', rawSql],
  ] as const) {
    const before = await cpu.sample();
    const result = await timed(seconds, concurrency, once);
    const perCycle = `   ${formatCpu(CpuSampler.perOperation(before, await cpu.sample(), result.count))}`;
    console.log(
      name.padEnd(20) +
        [concurrency, result.perSecond.toFixed(1), result.p50.toFixed(1), result.p95.toFixed(1), result.p99.toFixed(1)]
          .map((cell, i) => String(cell).padStart(i === 0 ? 11 : 12))
          .join('') +
        perCycle,
    );
  }
}
await pool.end();

// --- fan-out: lock commit → receipt at every subscriber -------------------------------------
const SUBSCRIPTION =
  'subscription Bench($s: ID!) { seatMapChanged(showId: $s) { version seats { number status } show { event { title } } } }';
async function openSubscribers(count: number): Promise<{ sockets: WebSocket[]; received: Map<number, number[]> }> {
  const received = new Map<number, number[]>();
  const sockets: WebSocket[] = [];
  for (let i = 0; i < count; i += 500) {
    await Promise.all(
      Array.from(
        { length: Math.min(500, count - i) },
        () =>
          new Promise<void>((resolve, reject) => {
            const socket = new WebSocket(url.replace('http', 'ws'), 'graphql-transport-ws', {
              perMessageDeflate: false,
            });
            sockets.push(socket);
            socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: {} })));
            socket.on('error', reject);
            socket.on('message', (data) => {
              const message = JSON.parse(
                new TextDecoder().decode(Array.isArray(data) ? Buffer.concat(data) : data),
              ) as { type: string; payload?: { data?: { seatMapChanged: { version: number } } } };
              if (message.type === 'connection_ack') {
                socket.send(
                  JSON.stringify({
                    id: '1',
                    type: 'subscribe',
                    payload: { query: SUBSCRIPTION, variables: { s: showId } },
                  }),
                );
                resolve();
              } else if (message.type === 'next') {
                const at = performance.now();
                const version = message.payload!.data!.seatMapChanged.version;
                // Appended in place: copying the array on every message made the client, not the router, the 10,000-subscriber bottleneck.
                const receipts = received.get(version);
                if (receipts) receipts.push(at);
                else received.set(version, [at]);
              }
            });
          }),
      ),
    );
  }
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  return { sockets, received };
}

console.log('\nlock commit → subscriber receipt (graphql-ws, one show)');
console.log('subscribers   events   receipts     p50 ms      p99 ms     max ms');
for (const count of values.subscribers!.split(',').filter(Boolean).map(Number)) {
  const { sockets, received } = await openSubscribers(count);
  const latencies: number[] = [];
  let receipts = 0;
  const events = 20;
  for (let i = 0; i < events; i++) {
    const worker = i % tokens.length;
    const lock = (await graphql(LOCK, { s: showId, n: seatsOf(worker) }, tokens[worker])).lockSeats.id;
    const committed = performance.now();
    await new Promise((resolve) => setTimeout(resolve, count >= 5_000 ? 1_500 : 400));
    const version = Math.max(...received.keys());
    for (const at of received.get(version) ?? []) latencies.push(Math.max(0, at - committed));
    receipts += received.get(version)?.length ?? 0;
    received.clear();
    await graphql(RELEASE, { l: lock }, tokens[worker]);
    await new Promise((resolve) => setTimeout(resolve, count >= 5_000 ? 1_500 : 400));
    received.clear();
  }
  const result = summary(latencies);
  console.log(
    row(
      [
        count,
        events,
        receipts,
        result.p50.toFixed(1),
        result.p99.toFixed(1),
        latencies.reduce((max, value) => Math.max(max, value), 0).toFixed(1),
      ],
      11,
    ),
  );
  for (const socket of sockets) socket.terminate();
  await new Promise((resolve) => setTimeout(resolve, 2_000));
}
console.log('\n(receipt latency is measured from the moment lockSeats answered, i.e. after its transaction committed)');
