/**
 * Complete bookings through the router, hold → CONFIRMED, at rising concurrency: each booking is
 * `lockSeats` (2 seats) → `createBooking` → `initiatePayment` → `confirmPayment` (sandbox,
 * tok_success) → the `bookingStatusChanged` subscription saying CONFIRMED once the saga has
 * confirmed it (payment-events → booking → inventory over Kafka), as a front end waits for it.
 * Compared with the architecture document's targets: 10,000 bookings per minute and under 3 s end
 * to end. Failures are counted by error code, and CPU per booking by process (bench/process-cpu.ts).
 *
 *   node bench/bookings.ts [--url http://127.0.0.1:4000/graphql] [--seconds 20] [--concurrency 1,4,16]
 *
 * Run it against the stack on real services (`KAFKA_BROKERS=… npm start`, see README). It creates
 * its own venue, one show per concurrency level, and users (each books a few times, so per-user
 * fraud velocity rules are not what is measured).
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { cpuPerOperation, formatCpu } from './process-cpu.ts';
import { adminToken, createBenchShow, graphqlAt, registerBenchUsers, row, seatLabel, timed } from './support.ts';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: process.env.ROUTER_URL ?? 'http://127.0.0.1:4000/graphql' },
    seconds: { type: 'string', default: '20' },
    concurrency: { type: 'string', default: '1,4,16' },
    'bookings-per-user': { type: 'string', default: '3' },
    admin: { type: 'string', default: 'admin@showstream.local:ShowStream-admin-1' },
  },
});
const seconds = Number(values.seconds);
const levels = values.concurrency!.split(',').map(Number);
const bookingsPerUser = Number(values['bookings-per-user']);
const graphql = graphqlAt(values.url!);

const ROWS = 26;
const PER_ROW = 40;
const SEATS_PER_BOOKING = 2;

const LOCK = 'mutation($s: ID!, $n: [String!]!) { lockSeats(showId: $s, seatNumbers: $n) { id } }';
const BOOK = 'mutation($l: ID!) { createBooking(lockId: $l) { id } }';
const INITIATE = 'mutation($b: ID!) { initiatePayment(bookingId: $b, method: "card") { transactionId } }';
const CONFIRM =
  'mutation($t: String!, $card: String!) { confirmPayment(transactionId: $t, paymentToken: $card) { status } }';
const STATUS = 'query($b: ID!) { booking(id: $b) { status } }';
const STATUS_CHANGED = 'subscription($b: ID!) { bookingStatusChanged(id: $b) { status } }';

/** One graphql-ws socket per user, as each buyer's browser has. */
const sockets = new Map<string, Client>();
const socketOf = (token: string) => {
  let client = sockets.get(token);
  if (!client) {
    client = createClient({
      url: values.url!.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      lazy: false,
    });
    sockets.set(token, client);
  }
  return client;
};

/** Resolves when the booking leaves PENDING, from the live subscription (and one read, for a change before it started). */
function settled(bookingId: string, token: string): { status: Promise<string>; stop(): void } {
  let unsubscribe = () => {};
  let stopped = false;
  const status = new Promise<string>((resolve, reject) => {
    unsubscribe = socketOf(token).subscribe<{ bookingStatusChanged: { status: string } }>(
      { query: STATUS_CHANGED, variables: { b: bookingId } },
      {
        next: ({ data, errors }) =>
          errors
            ? reject(new Error(JSON.stringify(errors)))
            : data && data.bookingStatusChanged.status !== 'PENDING' && resolve(data.bookingStatusChanged.status),
        error: (error) => reject(error instanceof Error ? error : new Error(JSON.stringify(error))),
        // Our own unsubscribe completes it too: only an ending we did not ask for is a failure.
        complete: () => !stopped && reject(new Error('subscription ended')),
      },
    );
  });
  // Awaited only while the booking is still PENDING when asked; otherwise a late failure must not crash the run.
  status.catch(() => undefined);
  return {
    status,
    stop: () => {
      stopped = true;
      unsubscribe();
    },
  };
}

/** The error code of a failed request (graphqlAt throws the errors as JSON), for counting failures by cause. */
const errorCode = (error: unknown) =>
  /"code":"([A-Z_]+)"/.exec((error as Error).message)?.[1] ?? (error as Error).message.slice(0, 40);

const admin = await adminToken(graphql, values.admin!);
// Enough users that none books more than `bookingsPerUser` times in the whole run.
const estimatedBookings = levels.reduce(
  (sum, level) => sum + Math.min(level * seconds * 2, (ROWS * PER_ROW) / SEATS_PER_BOOKING),
  0,
);
console.log(`registering ${Math.ceil(estimatedBookings / bookingsPerUser)} users…`);
const tokens = await registerBenchUsers(graphql, Math.ceil(estimatedBookings / bookingsPerUser));
let nextUser = 0;

console.log(`\ncomplete bookings (hold → CONFIRMED) of ${SEATS_PER_BOOKING} seats, ${seconds} s per row`);
console.log(`${'concurrency'.padStart(11)}${row(['bookings', 'per minute', 'p50 ms', 'p95 ms', 'p99 ms', 'failed'])}`);
const portBase = Number(new URL(values.url!).port || 80);
for (const concurrency of levels) {
  const showId = await createBenchShow(graphql, admin, ROWS, PER_ROW);
  let nextSeat = 0;
  const failures = new Map<string, number>();
  let result: Awaited<ReturnType<typeof timed>> | undefined;
  const cpu = await cpuPerOperation(portBase, async () => {
    result = await timed(seconds, concurrency, async () => {
      if (nextSeat + SEATS_PER_BOOKING > ROWS * PER_ROW) return false;
      const seats = Array.from({ length: SEATS_PER_BOOKING }, () => seatLabel(nextSeat++, PER_ROW));
      const token = tokens[Math.floor(nextUser++ / bookingsPerUser) % tokens.length]!;
      let live: ReturnType<typeof settled> | undefined;
      try {
        const lockId = (await graphql(LOCK, { s: showId, n: seats }, token)).lockSeats.id;
        const bookingId = (await graphql(BOOK, { l: lockId }, token)).createBooking.id;
        live = settled(bookingId, token);
        const transactionId = (await graphql(INITIATE, { b: bookingId }, token)).initiatePayment.transactionId;
        // A sandbox card of its own per booking: the per-card fraud velocity rule is not what is measured.
        await graphql(CONFIRM, { t: transactionId, card: `tok_success_${randomBytes(6).toString('hex')}` }, token);
        const now = (await graphql(STATUS, { b: bookingId }, token)).booking.status;
        const status = now === 'PENDING' ? await live.status : now;
        if (status !== 'CONFIRMED') throw new Error(`booking ended ${status}`);
      } catch (error) {
        const code = errorCode(error);
        if (failures.size === 0) console.error(`first failure: ${(error as Error).message.slice(0, 300)}`);
        failures.set(code, (failures.get(code) ?? 0) + 1);
      } finally {
        live?.stop();
      }
      return true;
    });
    return result.count - [...failures.values()].reduce((sum, count) => sum + count, 0);
  });
  const { count, perSecond, p50, p95, p99 } = result!;
  const failed = [...failures.values()].reduce((sum, n) => sum + n, 0);
  const completed = count - failed;
  console.log(
    `${String(concurrency).padStart(11)}${row([completed, ((completed / count) * perSecond * 60).toFixed(0), p50.toFixed(0), p95.toFixed(0), p99.toFixed(0), failed])}`,
  );
  if (failed > 0) console.log(`  failures by code: ${[...failures].map(([code, n]) => `${code} ${n}`).join(', ')}`);
  console.log(`  CPU ms per complete booking: ${formatCpu(cpu)}`);
}
for (const client of sockets.values()) await client.dispose();
console.log('\ntargets (architecture document): 10,000 bookings per minute; under 3,000 ms end to end');
