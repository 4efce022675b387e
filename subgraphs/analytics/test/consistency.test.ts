import { beforeAll, describe, expect, it } from '@jest/globals';
import type { EventEnvelope } from '@showstream/contracts';
import { createEnvelope, deadLetterTopic } from '@showstream/platform';
import {
  CANCEL_BOOKING,
  bookAndPay,
  createEvent,
  createVenueWithScreen,
  holdAndBook,
  holdSeats,
  publishEvents,
  readEvents,
  readRecords,
  registerUser,
  scheduleShow,
  smallLayout,
  testCard,
  waitFor,
  waitForBooking,
  type TestBooking,
  type TestUser,
} from '@showstream/testkit';
import { adminToken, analyticsMetricsUrl, eventuallyEqual, request, sql } from './helpers.ts';

const DASHBOARD = `query($from: DateTime, $to: DateTime, $filter: AnalyticsFilter) { dashboard(from: $from, to: $to, filter: $filter) {
  bookings { created confirmed cancelled expired failed ticketsSold }
  revenue { captured { amountMinor currency } refunded { amountMinor } net { amountMinor } }
  funnel { seatHolds bookingsCreated paymentsSucceeded }
  averageTicketPrice { amountMinor }
  occupancy { show { id } seatsTotal seatsSold cancelled }
  topEvents { event { id } confirmedBookings ticketsSold revenue { net { amountMinor } } }
} }`;
const REVENUE = `query($from: DateTime!, $to: DateTime!, $groupBy: String!, $filter: AnalyticsFilter) {
  revenue(from: $from, to: $to, groupBy: $groupBy, filter: $filter) { periodStart city event { id } confirmedBookings captured { amountMinor } refunded { amountMinor } net { amountMinor } }
}`;
const USERS = `query($from: DateTime!, $to: DateTime!, $filter: AnalyticsFilter) { userAnalytics(from: $from, to: $to, filter: $filter) { activeUsers newUsers returningUsers } }`;
const ACTIVE_HOLDS = `query($filter: AnalyticsFilter) { dashboard(filter: $filter) { activeHolds { holds seats } } }`;

/** Holds, books and pays with `card`, as a front end does: the booking. */
const payFor = async (user: TestUser, showId: string, seats: string[], card: string): Promise<TestBooking> =>
  (await bookAndPay(request, user.accessToken, showId, seats, card)).booking;

const sum = (rows: Record<string, unknown>[], column: string) =>
  rows.reduce((total, row) => total + Number(row[column] ?? 0), 0);

describe('analytics over a scripted day', () => {
  let admin: string;
  let city: string;
  let showA: string;
  let showB: string;
  let eventA: string;
  let eventB: string;
  let from: Date;
  let to: Date;
  let bookingIds: string[];
  const period = () => ({ from: from.toISOString(), to: to.toISOString(), filter: { city } });

  beforeAll(async () => {
    admin = await adminToken();
    // Registered before the period: active in it, so returning.
    const regular = await registerUser(request, 'regular');
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    from = new Date();

    // One city of its own: two screens of one venue, an event on each.
    const venue = await createVenueWithScreen(request, admin, 'Analytics Hall');
    city = venue.city;
    const screen2 = await request(
      'mutation($venueId: ID!, $input: ScreenInput!) { addScreen(venueId: $venueId, input: $input) { id } }',
      {
        venueId: venue.venueId,
        input: { name: 'Screen 2', layout: smallLayout() },
      },
      { token: admin },
    );
    [eventA, eventB] = await Promise.all([
      createEvent(request, admin, { durationMinutes: 60 }),
      createEvent(request, admin, { durationMinutes: 60 }),
    ]);
    // 72 h and more ahead: a cancelled confirmed booking gets its ticket amount back.
    showA = await scheduleShow(request, admin, eventA, venue.screenId, 72);
    showB = await scheduleShow(request, admin, eventB, screen2.data!.addScreen.id, 96);
    await waitFor(
      async () => {
        const maps = await Promise.all(
          [showA, showB].map((id) => request('query($id: ID!) { seatMap(showId: $id) { version } }', { id })),
        );
        return maps.every((map) => !map.errors);
      },
      20_000,
      150,
    );
    const [payer, decliner, ditherer, groupBuyer] = await Promise.all(
      ['payer', 'decliner', 'ditherer', 'group'].map((label) => registerUser(request, label)),
    );

    const kept = await payFor(regular, showA, ['A1', 'A2'], testCard('success'));
    const refunded = await payFor(payer!, showA, ['B1'], testCard('success'));
    const declined = await payFor(decliner!, showA, ['A3'], testCard('declined'));
    const abandoned = await holdAndBook(request, ditherer!.accessToken, showA, ['B2']);
    const onCancelledShow = await payFor(groupBuyer!, showB, ['A1', 'A2', 'A3'], testCard('success'));
    const alsoOnCancelledShow = await payFor(regular, showB, ['C1'], testCard('success'));
    await Promise.all([
      waitForBooking(request, regular.accessToken, kept.id, 'CONFIRMED'),
      waitForBooking(request, payer!.accessToken, refunded.id, 'CONFIRMED'),
      waitForBooking(request, decliner!.accessToken, declined.id, 'FAILED'),
      waitForBooking(request, groupBuyer!.accessToken, onCancelledShow.id, 'CONFIRMED'),
      waitForBooking(request, regular.accessToken, alsoOnCancelledShow.id, 'CONFIRMED'),
    ]);

    // A confirmed booking cancelled by its buyer, a pending one abandoned, and a show called off by an admin.
    for (const [user, booking] of [
      [payer!, refunded],
      [ditherer!, abandoned],
    ] as const) {
      const cancelled = await request(
        CANCEL_BOOKING,
        { id: booking.id, reason: 'Plans changed' },
        { token: user.accessToken },
      );
      expect(cancelled.errors).toBeUndefined();
    }
    const called = await request(
      'mutation($id: ID!) { cancelShow(id: $id, reason: "Artist unwell") { id } }',
      { id: showB },
      { token: admin },
    );
    expect(called.errors).toBeUndefined();
    await Promise.all([
      waitForBooking(request, groupBuyer!.accessToken, onCancelledShow.id, 'CANCELLED'),
      waitForBooking(request, regular.accessToken, alsoOnCancelledShow.id, 'CANCELLED'),
    ]);
    bookingIds = [kept, refunded, declined, abandoned, onCancelledShow, alsoOnCancelledShow].map(
      (booking) => booking.id,
    );
    // Settled: the buyer's cancellation and both bookings of the cancelled show are refunded.
    await waitFor(
      async () => {
        const [row] = await sql<{ done: number }>(
          'payment',
          "select count(*)::int as done from refund_transactions where booking_id = any($1) and refund_status = 'SUCCEEDED'",
          [bookingIds],
        );
        return row!.done === 3;
      },
      30_000,
      300,
    );
    to = new Date(Date.now() + 1_000);
  }, 150_000);

  /** The figures as SQL over booking's, payment's, inventory's and users' own databases, for this test's shows and period. */
  async function expectedFromSources() {
    const shows = [showA, showB];
    const p = [from, to];
    const [bookings] = await sql<Record<string, number>>(
      'booking',
      `select count(*) filter (where created_at >= $2 and created_at < $3)::int as created,
              count(*) filter (where confirmed_at >= $2 and confirmed_at < $3)::int as confirmed,
              count(*) filter (where status = 'CANCELLED' and cancelled_at >= $2 and cancelled_at < $3)::int as cancelled,
              count(*) filter (where status = 'EXPIRED' and created_at >= $2 and created_at < $3)::int as expired,
              count(*) filter (where status = 'FAILED' and created_at >= $2 and created_at < $3)::int as failed
         from bookings where show_id = any($1)`,
      [shows, ...p],
    );
    const [tickets] = await sql<{ sold: number; average: number | null }>(
      'booking',
      `select count(*)::int as sold, round(sum(s.price_minor)::numeric / nullif(count(*), 0))::int as average
         from booking_seats s join bookings b on b.id = s.booking_id where b.show_id = any($1) and b.confirmed_at >= $2 and b.confirmed_at < $3`,
      [shows, ...p],
    );
    const ours = await sql<{ id: string; show_id: string; confirmed: boolean; seats: number }>(
      'booking',
      `select b.id, b.show_id, (b.confirmed_at >= $2 and b.confirmed_at < $3) is true as confirmed, (select count(*)::int from booking_seats s where s.booking_id = b.id) as seats
         from bookings b where b.show_id = any($1)`,
      [shows, ...p],
    );
    const eventOf = (showId: string) => (showId === showA ? eventA : eventB);
    const showOf = new Map(ours.map((booking) => [booking.id, booking.show_id]));
    const captured = await sql<{ booking_id: string; amount: number }>(
      'payment',
      'select booking_id, amount_minor as amount from payment_transactions where booking_id = any($1) and succeeded_at >= $2 and succeeded_at < $3',
      [[...showOf.keys()], ...p],
    );
    const refunds = await sql<{ booking_id: string; amount: number }>(
      'payment',
      "select booking_id, refund_amount as amount from refund_transactions where booking_id = any($1) and refund_status = 'SUCCEEDED' and processed_at >= $2 and processed_at < $3",
      [[...showOf.keys()], ...p],
    );
    const [holds] = await sql<{ placed: number }>(
      'inventory',
      'select count(*)::int as placed from seat_locks where show_id = any($1) and locked_at >= $2 and locked_at < $3',
      [shows, ...p],
    );
    const sold = await sql<{ show_id: string; seats: number }>(
      'booking',
      "select b.show_id, count(s.*)::int as seats from bookings b left join booking_seats s on s.booking_id = b.id and b.status = 'CONFIRMED' where b.show_id = any($1) group by b.show_id",
      [shows],
    );
    const activeUsers = (
      await sql<{ user_id: string }>(
        'inventory',
        'select distinct user_id from seat_locks where show_id = any($1) and locked_at >= $2 and locked_at < $3',
        [shows, ...p],
      )
    ).map((row) => row.user_id);
    const [users] = await sql<{ new_users: number }>(
      'users',
      'select count(*)::int as new_users from users where id = any($1) and created_at >= $2 and created_at < $3',
      [activeUsers, ...p],
    );
    const perEvent = (eventId: string) => {
      const bookingsOf = (rows: { booking_id: string; amount: number }[]) =>
        rows.filter((row) => eventOf(showOf.get(row.booking_id)!) === eventId);
      const confirmed = ours.filter((booking) => booking.confirmed && eventOf(booking.show_id) === eventId);
      return {
        captured: sum(bookingsOf(captured), 'amount'),
        refunded: sum(bookingsOf(refunds), 'amount'),
        confirmedBookings: confirmed.length,
        ticketsSold: sum(confirmed, 'seats'),
      };
    };
    return {
      bookings: bookings!,
      tickets: tickets!,
      captured: sum(captured, 'amount'),
      refunded: sum(refunds, 'amount'),
      paymentsSucceeded: captured.length,
      holds: holds!.placed,
      sold,
      activeUsers,
      newUsers: users!.new_users,
      perEvent,
    };
  }

  it('dashboard, revenue and userAnalytics equal SQL over the source databases', async () => {
    const expected = await expectedFromSources();
    // The script's own shape, so a broken script cannot make both sides agree on nothing.
    expect(expected.bookings).toEqual({ created: 6, confirmed: 4, cancelled: 4, expired: 0, failed: 1 });
    expect(expected.refunded).toBeGreaterThan(0);

    const net = expected.captured - expected.refunded;
    await eventuallyEqual(async () => (await request(DASHBOARD, period(), { token: admin })).data?.dashboard, {
      bookings: { ...expected.bookings, ticketsSold: expected.tickets.sold },
      revenue: {
        captured: { amountMinor: expected.captured, currency: 'INR' },
        refunded: { amountMinor: expected.refunded },
        net: { amountMinor: net },
      },
      funnel: {
        seatHolds: expected.holds,
        bookingsCreated: expected.bookings.created,
        paymentsSucceeded: expected.paymentsSucceeded,
      },
      averageTicketPrice: { amountMinor: expected.tickets.average },
      // Show A keeps one confirmed booking of two seats; show B's bookings were all cancelled with it.
      occupancy: [
        {
          show: { id: showA },
          seatsTotal: 18,
          seatsSold: expected.sold.find((row) => row.show_id === showA)!.seats,
          cancelled: false,
        },
        {
          show: { id: showB },
          seatsTotal: 18,
          seatsSold: expected.sold.find((row) => row.show_id === showB)!.seats,
          cancelled: true,
        },
      ],
      topEvents: [eventA, eventB]
        .map((eventId) => ({ eventId, ...expected.perEvent(eventId) }))
        .sort((a, b) => b.captured - b.refunded - (a.captured - a.refunded))
        .map(({ eventId, captured, refunded, confirmedBookings, ticketsSold }) => ({
          event: { id: eventId },
          confirmedBookings,
          ticketsSold,
          revenue: { net: { amountMinor: captured - refunded } },
        })),
    });
    expect(expected.sold.find((row) => row.show_id === showA)!.seats).toBe(2);

    const byEvent = (await request(REVENUE, { ...period(), groupBy: 'EVENT' }, { token: admin })).data!.revenue as {
      event: { id: string };
      captured: { amountMinor: number };
      refunded: { amountMinor: number };
    }[];
    const moneyOf = (eventId: string) => ({
      captured: expected.perEvent(eventId).captured,
      refunded: expected.perEvent(eventId).refunded,
    });
    expect(
      Object.fromEntries(
        byEvent.map((row) => [
          row.event.id,
          { captured: row.captured.amountMinor, refunded: row.refunded.amountMinor },
        ]),
      ),
    ).toEqual({
      [eventA]: moneyOf(eventA),
      [eventB]: moneyOf(eventB),
    });
    const byDay = (await request(REVENUE, { ...period(), groupBy: 'DAY,CITY' }, { token: admin })).data!.revenue as {
      city: string;
      periodStart: string;
      net: { amountMinor: number };
    }[];
    expect(byDay.every((row) => row.city === city && row.periodStart.endsWith('T00:00:00.000Z'))).toBe(true);
    expect(
      sum(
        byDay.map((row) => ({ net: row.net.amountMinor })),
        'net',
      ),
    ).toBe(net);

    const users = (await request(USERS, period(), { token: admin })).data!.userAnalytics;
    expect(users).toEqual({
      activeUsers: expected.activeUsers.length,
      newUsers: expected.newUsers,
      returningUsers: expected.activeUsers.length - expected.newUsers,
    });
    expect(users.returningUsers).toBe(1);
  });

  it('counts a hold someone is sitting on as active, like inventory does', async () => {
    const holder = await registerUser(request, 'holder');
    await holdSeats(request, holder.accessToken, showA, ['C5', 'C6']);
    const [expected] = await sql<{ holds: number; seats: number }>(
      'inventory',
      "select count(*)::int as holds, coalesce(sum(cardinality(seat_numbers)), 0)::int as seats from seat_locks where show_id = $1 and status = 'ACTIVE' and expires_at > now()",
      [showA],
    );
    expect(expected).toEqual({ holds: 1, seats: 2 });
    await eventuallyEqual(
      async () =>
        (await request(ACTIVE_HOLDS, { filter: { showIds: [showA] } }, { token: admin })).data?.dashboard.activeHolds,
      expected,
      8_000,
    );
  });

  it('changes no figure when events are delivered again', async () => {
    const before = (await request(DASHBOARD, period(), { token: admin })).data!.dashboard;
    const mine = (event: EventEnvelope) => bookingIds.includes((event.data as { bookingId?: string }).bookingId ?? '');
    const payments = await readEvents(
      'payment-events',
      (event) => mine(event) && ['PaymentSucceeded', 'RefundSucceeded'].includes(event.type),
      { count: 7 },
    );
    const bookings = await readEvents('booking-events', (event) => mine(event) && event.type === 'BookingConfirmed', {
      count: 4,
    });
    expect(payments).toHaveLength(7);
    await publishEvents('payment-events', [...payments, ...payments]);
    await publishEvents('booking-events', [...bookings, ...bookings]);
    // Markers published after the copies on the same partitions. A marker is no event of its topic's contract, so
    // analytics parks it on the dead-letter topic at once; once it has, it has applied every copy before it.
    const markers = [payments[0]!, bookings[0]!].map((event) =>
      createEnvelope('test', {
        type: 'AnalyticsTestMarker',
        key: event.key,
        data: { bookingId: (event.data as { bookingId: string }).bookingId },
      }),
    );
    await publishEvents('payment-events', [markers[0]!]);
    await publishEvents('booking-events', [markers[1]!]);
    const parkedByAnalytics = (topic: 'payment-events' | 'booking-events', marker: EventEnvelope) =>
      readRecords(
        deadLetterTopic(topic),
        (record) => record.envelope.id === marker.id && record.headers['dlq-consumer-group'] === 'analytics',
        { timeoutMs: 20_000 },
      );
    expect(await parkedByAnalytics('payment-events', markers[0]!)).toHaveLength(1);
    expect(await parkedByAnalytics('booking-events', markers[1]!)).toHaveLength(1);

    expect((await request(DASHBOARD, period(), { token: admin })).data!.dashboard).toEqual(before);
  });

  it('exposes the alerting metrics on the analytics service', async () => {
    const metrics = await (await fetch(analyticsMetricsUrl())).text();
    for (const name of [
      'showstream_booking_outcomes',
      'showstream_booking_success_ratio',
      'showstream_payment_outcomes',
      'showstream_payment_failure_ratio',
      'showstream_kafka_consumer_lag',
      'graphql_operations_total',
    ]) {
      expect(metrics).toContain(`# TYPE ${name} `);
    }
    expect(metrics).toMatch(/showstream_booking_success_ratio\{window="15m"\} [0-9.]+/);
    expect(metrics).toMatch(/showstream_kafka_consumer_lag\{group="analytics",topic="booking-events"\} \d+/);
  });
});
