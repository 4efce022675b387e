import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { createEnvelope } from '@showstream/platform';
import { errorCode, publishEvents, registerUser, waitFor } from '@showstream/testkit';
import { adminToken, analyticsApplied, expectCode, request, sql } from './helpers.ts';

const DASHBOARD =
  'query($from: DateTime, $to: DateTime) { dashboard(from: $from, to: $to) { bookings { confirmed } revenue { net { amountMinor } } } }';
const REVENUE =
  'query($groupBy: String!, $filter: AnalyticsFilter) { revenue(from: "2026-01-01T00:00:00Z", to: "2026-02-01T00:00:00Z", groupBy: $groupBy, filter: $filter) { net { amountMinor } } }';
const TRACK = 'mutation($input: TrackEventInput!) { trackEvent(input: $input) }';

describe('who may see the figures', () => {
  it('serves admins, refuses users (FORBIDDEN) and anonymous callers (UNAUTHENTICATED)', async () => {
    const user = await registerUser(request, 'curious');
    expectCode(await request(DASHBOARD, {}, { token: user.accessToken }), 'FORBIDDEN');
    expectCode(await request(DASHBOARD, {}), 'UNAUTHENTICATED');
    expectCode(
      await request(
        'query { userAnalytics(from: "2026-01-01T00:00:00Z", to: "2026-01-02T00:00:00Z") { activeUsers } }',
        {},
        { token: user.accessToken },
      ),
      'FORBIDDEN',
    );
    const answer = await request(DASHBOARD, {}, { token: await adminToken() });
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.dashboard.revenue.net.amountMinor).toEqual(expect.any(Number));
  });

  it('names the bad argument: period, groupBy, filter', async () => {
    const admin = await adminToken();
    expectCode(
      await request(DASHBOARD, { from: '2026-03-02T00:00:00Z', to: '2026-03-01T00:00:00Z' }, { token: admin }),
      'BAD_USER_INPUT',
      'from',
    );
    expectCode(await request(REVENUE, { groupBy: 'HOUR' }, { token: admin }), 'BAD_USER_INPUT', 'groupBy');
    expectCode(await request(REVENUE, { groupBy: 'DAY,WEEK' }, { token: admin }), 'BAD_USER_INPUT', 'groupBy');
    expectCode(
      await request(REVENUE, { groupBy: 'DAY', filter: { showIds: ['not-a-uuid'] } }, { token: admin }),
      'BAD_USER_INPUT',
      'filter.showIds.0',
    );
    expect((await request(REVENUE, { groupBy: 'month, city' }, { token: admin })).errors).toBeUndefined();
  });
});

describe('trackEvent', () => {
  it('records a signed-in user’s event and an anonymous session’s', async () => {
    const user = await registerUser(request, 'tracked');
    const signedIn = await request(
      TRACK,
      {
        input: {
          eventType: 'seat_map_opened',
          pageUrl: 'https://showstream.example/shows/1',
          data: { showId: 'x', seats: [1, 2] },
        },
      },
      { token: user.accessToken },
    );
    expect(signedIn.data).toEqual({ trackEvent: true });
    const sessionId = `session-${randomUUID()}`;
    expect((await request(TRACK, { input: { eventType: 'page_view', sessionId } })).data).toEqual({ trackEvent: true });

    const rows = await sql<{
      user_id: string | null;
      session_id: string | null;
      event_type: string;
      event_data: unknown;
    }>(
      'analytics',
      'select user_id, session_id, event_type, event_data from user_analytics_events where user_id = $1 or session_id = $2 order by id',
      [user.id, sessionId],
    );
    expect(rows).toEqual([
      { user_id: user.id, session_id: null, event_type: 'seat_map_opened', event_data: { showId: 'x', seats: [1, 2] } },
      { user_id: null, session_id: sessionId, event_type: 'page_view', event_data: {} },
    ]);
  });

  it('refuses malformed and oversized events, naming the field', async () => {
    const user = await registerUser(request, 'sloppy');
    const track = (input: Record<string, unknown>) => request(TRACK, { input }, { token: user.accessToken });
    expectCode(await track({ eventType: 'drop table; --' }), 'BAD_USER_INPUT', 'input.eventType');
    expectCode(await track({ eventType: 'click', pageUrl: 'javascript:alert(1)' }), 'BAD_USER_INPUT', 'input.pageUrl');
    expectCode(await track({ eventType: 'click', data: [1, 2, 3] }), 'BAD_USER_INPUT', 'input.data');
    expectCode(await track({ eventType: 'click', data: { blob: 'x'.repeat(5_000) } }), 'BAD_USER_INPUT', 'input.data');
    expectCode(
      await track({ eventType: 'click', data: { a: { b: { c: { d: { e: { f: 1 } } } } } } }),
      'BAD_USER_INPUT',
      'input.data',
    );
    expectCode(await request(TRACK, { input: { eventType: 'click' } }), 'BAD_USER_INPUT', 'input.sessionId');
    expectCode(
      await request(TRACK, { input: { eventType: 'click', sessionId: 'short' } }),
      'BAD_USER_INPUT',
      'input.sessionId',
    );
    const [stored] = await sql<{ count: number }>(
      'analytics',
      'select count(*)::int as count from user_analytics_events where user_id = $1',
      [user.id],
    );
    expect(stored!.count).toBe(0);
  });

  it('limits each caller to 60 events a minute: RATE_LIMITED with retryAfterSeconds, others unaffected', async () => {
    const [busy, other] = await Promise.all([registerUser(request, 'busy'), registerUser(request, 'other')]);
    const track = (token: string) => request(TRACK, { input: { eventType: 'scroll' } }, { token });
    for (let batch = 0; batch < 6; batch++) {
      const answers = await Promise.all(Array.from({ length: 10 }, () => track(busy.accessToken)));
      expect(answers.every((answer) => answer.data?.trackEvent === true)).toBe(true);
    }
    const refused = await track(busy.accessToken);
    expectCode(refused, 'RATE_LIMITED');
    expect(refused.errors![0]!.extensions!.retryAfterSeconds).toEqual(expect.any(Number));
    expect(refused.errors![0]!.extensions!.retryAfterSeconds as number).toBeGreaterThanOrEqual(1);
    expect(errorCode(await track(other.accessToken))).toBeUndefined();
  });
});

describe('consumers', () => {
  it('park a malformed event and keep draining the partition', async () => {
    // PaymentInitiated: only analytics consumes it, so the poison troubles no other service.
    const bookingId = randomUUID();
    const initiated = (data: Record<string, unknown>) =>
      createEnvelope('test', {
        type: 'PaymentInitiated',
        key: bookingId,
        data: { paymentId: randomUUID(), transactionId: `txn_${randomUUID()}`, bookingId, ...data },
      });
    // No user or amount: every attempt fails, so after bounded retries it goes to the dead-letter topic.
    const poison = initiated({});
    const next = initiated({
      userId: randomUUID(),
      amountMinor: 1_000,
      currency: 'INR',
      gateway: 'sandbox',
      method: 'card',
    });
    await publishEvents('payment-events', [poison, next]);
    await waitFor(() => analyticsApplied(next.id), 30_000, 200);
    expect(await analyticsApplied(poison.id)).toBe(false);
  });
});
