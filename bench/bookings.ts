/**
 * Complete bookings through the router, hold → CONFIRMED, at rising concurrency: each booking is
 * `lockSeats` (2 seats) → `createBooking` → `initiatePayment` → `confirmPayment` (sandbox,
 * tok_success) → polling `booking` until the saga has confirmed it (payment-events → booking →
 * inventory over Kafka). Compared with the architecture document's targets: 10,000 bookings per
 * minute and under 3 s end to end.
 *
 *   node bench/bookings.ts [--url http://127.0.0.1:4000/graphql] [--seconds 20] [--concurrency 1,4,16]
 *
 * Run it against the stack on real services (`KAFKA_BROKERS=… npm start`, see README). It creates
 * its own venue, one show per concurrency level, and users (each books a few times, so per-user
 * fraud velocity rules are not what is measured).
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
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
const CONFIRM = 'mutation($t: String!, $card: String!) { confirmPayment(transactionId: $t, paymentToken: $card) { status } }';
const STATUS = 'query($b: ID!) { booking(id: $b) { status } }';

const admin = await adminToken(graphql, values.admin!);
// Enough users that none books more than `bookingsPerUser` times in the whole run.
const estimatedBookings = levels.reduce((sum, level) => sum + Math.min(level * seconds * 2, (ROWS * PER_ROW) / SEATS_PER_BOOKING), 0);
console.log(`registering ${Math.ceil(estimatedBookings / bookingsPerUser)} users…`);
const tokens = await registerBenchUsers(graphql, Math.ceil(estimatedBookings / bookingsPerUser));
let nextUser = 0;

console.log(`\ncomplete bookings (hold → CONFIRMED) of ${SEATS_PER_BOOKING} seats, ${seconds} s per row`);
console.log(`${'concurrency'.padStart(11)}${row(['bookings', 'per minute', 'p50 ms', 'p95 ms', 'p99 ms', 'failed'])}`);
for (const concurrency of levels) {
  const showId = await createBenchShow(graphql, admin, ROWS, PER_ROW);
  let nextSeat = 0;
  let failed = 0;
  const result = await timed(seconds, concurrency, async () => {
    if (nextSeat + SEATS_PER_BOOKING > ROWS * PER_ROW) return false;
    const seats = Array.from({ length: SEATS_PER_BOOKING }, () => seatLabel(nextSeat++, PER_ROW));
    const token = tokens[Math.floor(nextUser++ / bookingsPerUser) % tokens.length];
    try {
      const lockId = (await graphql(LOCK, { s: showId, n: seats }, token)).lockSeats.id;
      const bookingId = (await graphql(BOOK, { l: lockId }, token)).createBooking.id;
      const transactionId = (await graphql(INITIATE, { b: bookingId }, token)).initiatePayment.transactionId;
      // A sandbox card of its own per booking: the per-card fraud velocity rule is not what is measured.
      await graphql(CONFIRM, { t: transactionId, card: `tok_success_${randomBytes(6).toString('hex')}` }, token);
      for (;;) {
        const status = (await graphql(STATUS, { b: bookingId }, token)).booking.status;
        if (status === 'CONFIRMED') return true;
        if (status !== 'PENDING') throw new Error(`booking ended ${status}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } catch (error) {
      if (failed++ === 0) console.error(`first failure: ${(error as Error).message.slice(0, 300)}`);
      return true;
    }
  });
  const completed = result.count - failed;
  console.log(`${String(concurrency).padStart(11)}${row([completed, ((completed / result.count) * result.perSecond * 60).toFixed(0), result.p50.toFixed(0), result.p95.toFixed(0), result.p99.toFixed(0), failed])}`);
}
console.log('\ntargets (architecture document): 10,000 bookings per minute; under 3,000 ms end to end');
