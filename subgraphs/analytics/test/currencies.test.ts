import { beforeAll, describe, expect, it } from '@jest/globals';
import {
  bookAndPay,
  createEvent,
  createVenueWithScreen,
  registerUser,
  scheduleShow,
  smallLayout,
  testCard,
  waitFor,
  waitForBooking,
} from '@showstream/testkit';
import { adminToken, eventuallyEqual, expectCode, request } from './helpers.ts';

const BY_CURRENCY = `query($from: DateTime, $to: DateTime, $filter: AnalyticsFilter) { dashboard(from: $from, to: $to, filter: $filter) {
  revenue { captured { amountMinor currency } net { amountMinor currency } }
  revenueByCurrency { captured { amountMinor currency } refunded { amountMinor currency } net { amountMinor currency } }
} }`;
const REVENUE_IN = `query($from: DateTime!, $to: DateTime!, $filter: AnalyticsFilter, $currency: String) {
  revenue(from: $from, to: $to, groupBy: "DAY", filter: $filter, currency: $currency) {
    confirmedBookings captured { amountMinor currency }
  }
}`;
const FIELD_TYPE = `query($type: String!) { __type(name: $type) { fields { name type { ofType { name } } } } }`;

describe('analytics per currency', () => {
  let admin: string;
  let city: string;
  let inrPaid: number;
  let usdPaid: number;
  let from: Date;

  beforeAll(async () => {
    admin = await adminToken();
    from = new Date();
    const venue = await createVenueWithScreen(request, admin, 'Two Currency Hall');
    city = venue.city;
    const screen2 = await request(
      'mutation($venueId: ID!, $input: ScreenInput!) { addScreen(venueId: $venueId, input: $input) { id } }',
      { venueId: venue.venueId, input: { name: 'Screen 2', layout: smallLayout() } },
      { token: admin },
    );
    const eventId = await createEvent(request, admin, { durationMinutes: 60 });
    const inrShow = await scheduleShow(request, admin, eventId, venue.screenId, 72);
    const usdShow = await scheduleShow(request, admin, eventId, screen2.data!.addScreen.id, 72, {
      basePrice: { amountMinor: 2_500, currency: 'USD' },
    });
    await waitFor(
      async () =>
        (
          await Promise.all(
            [inrShow, usdShow].map((id) => request('query($id: ID!) { seatMap(showId: $id) { version } }', { id })),
          )
        ).every((map) => !map.errors),
      20_000,
      150,
    );
    const buyer = await registerUser(request, 'two-currencies');
    const inr = (await bookAndPay(request, buyer.accessToken, inrShow, ['A1', 'A2'], testCard('success'))).booking;
    const usd = (await bookAndPay(request, buyer.accessToken, usdShow, ['A1'], testCard('success'))).booking;
    await Promise.all([inr, usd].map((booking) => waitForBooking(request, buyer.accessToken, booking.id, 'CONFIRMED')));
    inrPaid = inr.finalAmount.amountMinor;
    usdPaid = usd.finalAmount.amountMinor;
  });

  const period = () => ({
    from: from.toISOString(),
    to: new Date(Date.now() + 60_000).toISOString(),
    filter: { city },
  });

  it('reports INR and USD totals apart, never summed, the reporting currency first', async () => {
    expect(usdPaid).toBe(2_500);
    const inr = (amountMinor: number) => ({ amountMinor, currency: 'INR' });
    const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' });
    await eventuallyEqual(async () => (await request(BY_CURRENCY, period(), { token: admin })).data?.dashboard, {
      revenue: { captured: inr(inrPaid), net: inr(inrPaid) },
      revenueByCurrency: [
        { captured: inr(inrPaid), refunded: inr(0), net: inr(inrPaid) },
        { captured: usd(usdPaid), refunded: usd(0), net: usd(usdPaid) },
      ],
    });
    const inDollars = await request(REVENUE_IN, { ...period(), currency: 'USD' }, { token: admin });
    expect(inDollars.data!.revenue).toEqual([{ confirmedBookings: 1, captured: usd(usdPaid) }]);
    const inRupees = await request(REVENUE_IN, period(), { token: admin });
    expect(inRupees.data!.revenue).toEqual([{ confirmedBookings: 1, captured: inr(inrPaid) }]);
    expectCode(
      await request(REVENUE_IN, { ...period(), currency: 'XYZ' }, { token: admin }),
      'INVALID_CURRENCY',
      'currency',
    );
  });

  it('types totals as Long, which carries sums past 2^31 minor units', async () => {
    const figures = (await request(FIELD_TYPE, { type: 'RevenueFigures' }, { token: admin })).data!.__type.fields;
    expect(figures.map((field: { type: { ofType: { name: string } } }) => field.type.ofType.name)).toEqual([
      'MoneyTotal',
      'MoneyTotal',
      'MoneyTotal',
    ]);
    const total = (await request(FIELD_TYPE, { type: 'MoneyTotal' }, { token: admin })).data!.__type.fields;
    expect(total).toEqual([
      { name: 'amountMinor', type: { ofType: { name: 'Long' } } },
      { name: 'currency', type: { ofType: { name: 'String' } } },
    ]);
  });
});
