import { randomBytes, randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import {
  INITIATE,
  SUPERADMIN,
  graphqlClient,
  holdSeats,
  loginAs,
  readEvents,
  receivedSpans,
  registerUser,
  showWithSeats,
  testCard,
  testEnvironment,
  waitFor,
  waitForBooking,
  waitForHoldConsumed,
  CREATE_BOOKING,
  type ReceivedSpan,
} from '@showstream/testkit';

const request = graphqlClient(testEnvironment().routerUrl);
let admin: string;
beforeAll(async () => {
  admin = (await loginAs(request, SUPERADMIN.email, SUPERADMIN.password)).accessToken;
});

/**
 * The traced request: paying for a booking. Its trace reaches every service, two ways:
 * - the selection set: payment answers `confirmPayment`, the router fetches the booking from
 *   booking, its user from users, its show's start and event from catalog and its seat counts
 *   from inventory;
 * - the saga: payment's PaymentSucceeded (written in this request) is consumed by booking, which
 *   confirms the booking and emits BookingConfirmed (consumed by inventory, which books the seats,
 *   and by users, which awards loyalty points), the confirmation notice (consumed by notification)
 *   and the sale (consumed by analytics, which also consumes every other topic).
 * The hold must be consumed before paying: otherwise booking confirms when inventory's HoldConsumed
 * arrives, which belongs to createBooking's trace.
 */
const PAY = `mutation PayForTrace($txn: String!, $token: String!) {
  confirmPayment(transactionId: $txn, paymentToken: $token) {
    id status
    booking { reference user { email } show { startsAt event { title } availability { booked } } }
  }
}`;

const SERVICES = ['router', 'users', 'catalog', 'inventory', 'booking', 'payment', 'notification', 'analytics'];

/** The spans a trace of one paid booking must hold (a name of `*`: any), as the list of those still missing. */
function missing(spans: ReceivedSpan[]): string[] {
  const expected: [string, ReceivedSpan['kind'], string][] = [
    ['router', 'SERVER', 'mutation PayForTrace'],
    ...['users', 'catalog', 'inventory', 'booking', 'payment'].map(
      (service): [string, ReceivedSpan['kind'], string] => [service, 'SERVER', '*'],
    ),
    ['payment', 'PRODUCER', 'send payment-events'],
    ['booking', 'CONSUMER', 'process payment-events'],
    ['booking', 'PRODUCER', 'send booking-events'],
    ['booking', 'PRODUCER', 'send notification-events'],
    ['booking', 'PRODUCER', 'send analytics-events'],
    ['inventory', 'CONSUMER', 'process booking-events'],
    ['inventory', 'PRODUCER', 'send inventory-events'],
    ['users', 'CONSUMER', 'process booking-events'],
    ['notification', 'CONSUMER', 'process notification-events'],
    ['analytics', 'CONSUMER', 'process analytics-events'],
  ];
  return expected
    .filter(
      ([service, kind, name]) =>
        !spans.some((span) => span.service === service && span.kind === kind && (name === '*' || span.name === name)),
    )
    .map((entry) => entry.join(' '));
}

/** A client's own trace context, which the router links but does not join. */
const clientTrace = { traceId: randomBytes(16).toString('hex'), spanId: randomBytes(8).toString('hex') };

/** Books a seat and pays for it with PAY; returns the router's server span for the payment and the PaymentSucceeded event. */
async function payForABooking(showId: string, seat: string) {
  const buyer = await registerUser(request, 'traced');
  const lockId = await holdSeats(request, buyer.accessToken, showId, [seat]);
  const booking = (await request(CREATE_BOOKING, { lockId }, { token: buyer.accessToken })).data!.createBooking as {
    id: string;
  };
  await waitForHoldConsumed(request, buyer.accessToken, lockId);
  const initiated = await request(INITIATE, { booking: booking.id }, { token: buyer.accessToken });

  const requestId = randomUUID();
  const paid = await request(
    PAY,
    { txn: initiated.data!.initiatePayment.transactionId, token: testCard('success') },
    {
      token: buyer.accessToken,
      headers: { 'x-request-id': requestId, traceparent: `00-${clientTrace.traceId}-${clientTrace.spanId}-01` },
    },
  );
  expect(paid.errors).toBeUndefined();
  expect(paid.data!.confirmPayment).toMatchObject({
    status: 'SUCCEEDED',
    booking: { user: { email: buyer.email }, show: { event: { title: expect.any(String) } } },
  });
  await waitForBooking(request, buyer.accessToken, booking.id, 'CONFIRMED');

  let server: ReceivedSpan | undefined;
  await waitFor(
    async () => {
      server = (await receivedSpans({ attribute: 'showstream.request.id', value: requestId })).find(
        (span) => span.service === 'router' && span.kind === 'SERVER',
      );
      return server !== undefined;
    },
    10_000,
    200,
  );
  const [succeeded] = await readEvents(
    'payment-events',
    (event) => event.type === 'PaymentSucceeded' && (event.data as { bookingId?: string }).bookingId === booking.id,
  );
  return { requestId, server: server!, succeeded: succeeded! };
}

describe('a trace of one booking', () => {
  it('follows the payment from the router through every subgraph and across Kafka', async () => {
    const showId = await showWithSeats(request, admin, 72, 'Trace Hall');
    // The gateway also reports the charge by webhook, racing its answer. When the webhook is recorded
    // first (rare: it has more to do before it takes the booking's lock), PaymentSucceeded and the
    // saga belong to the webhook's request, not this one; then another booking is paid.
    let attempt = await payForABooking(showId, 'A1');
    for (const seat of ['A2', 'A3'])
      if (attempt.succeeded.traceparent?.split('-')[1] !== attempt.server.traceId)
        attempt = await payForABooking(showId, seat);
    const { requestId, server, succeeded } = attempt;

    expect(server).toMatchObject({
      name: 'mutation PayForTrace',
      attributes: { 'graphql.operation.name': 'PayForTrace', 'graphql.operation.type': 'mutation' },
    });
    expect(server.parentSpanId).toBeUndefined();
    expect(server.traceId).not.toBe(clientTrace.traceId);
    expect(server.links).toEqual([clientTrace]);
    // The event carries the request id and the trace in its envelope (kept in the outbox row and on the topic).
    expect(succeeded).toMatchObject({
      traceId: requestId,
      traceparent: expect.stringMatching(new RegExp(`^00-${server.traceId}-[0-9a-f]{16}-01$`)),
    });

    let spans: ReceivedSpan[] = [];
    await waitFor(
      async () => missing((spans = await receivedSpans({ traceId: server.traceId }))).length === 0,
      20_000,
      250,
    ).catch(() => {
      throw new Error(`the trace lacks: ${missing(spans).join('; ')}`);
    });
    expect(new Set(spans.map((span) => span.service))).toEqual(new Set(SERVICES));
    // One tree: every span's parent is in the trace, and only the router's server span has none.
    const ids = new Set(spans.map((span) => span.spanId));
    expect(spans.filter((span) => !span.parentSpanId)).toEqual([server]);
    expect(spans.filter((span) => span.parentSpanId && !ids.has(span.parentSpanId))).toEqual([]);
    // The gateway's own spans are there, and each subgraph's GraphQL server span hangs under a gateway
    // fetch; a call to the internal API (a service asking the owner of a fact, e.g. notification asking
    // booking for a confirmation's ticket files) hangs under a span of the service that asked.
    const fetches = new Set(spans.filter((span) => span.name === 'gateway.fetch').map((span) => span.spanId));
    expect(fetches.size).toBeGreaterThanOrEqual(4);
    for (const span of spans.filter((candidate) => candidate.kind === 'SERVER' && candidate.service !== 'router')) {
      if (span.attributes['http.route'] === '/internal/v1') {
        const caller = spans.find((candidate) => candidate.spanId === span.parentSpanId);
        expect(caller?.service).toEqual(expect.any(String));
        expect(caller!.service).not.toBe(span.service);
      } else {
        expect(span.attributes['http.route']).toBe('/graphql');
        expect(fetches.has(span.parentSpanId!)).toBe(true);
      }
    }
    // Consumers continue from the producer span that sent their message, with the messaging conventions.
    const consumer = spans.find((span) => span.service === 'booking' && span.name === 'process payment-events')!;
    expect(spans.find((span) => span.spanId === consumer.parentSpanId)).toMatchObject({
      service: 'payment',
      kind: 'PRODUCER',
      name: 'send payment-events',
    });
    expect(consumer.attributes).toMatchObject({
      'messaging.system': 'kafka',
      'messaging.destination.name': 'payment-events',
      'messaging.operation.type': 'process',
      'messaging.consumer.group.name': expect.any(String),
      'messaging.message.id': succeeded.id,
      'showstream.event.type': 'PaymentSucceeded',
    });
  });
});
