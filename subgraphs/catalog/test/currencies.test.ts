import { beforeAll, describe, expect, it } from '@jest/globals';
import {
  SUPERADMIN,
  createEvent,
  createVenueWithScreen,
  errorCode,
  graphqlClient,
  loginAs,
  scheduleShow,
  testEnvironment,
} from '@showstream/testkit';

const request = graphqlClient(testEnvironment().routerUrl);
const SCHEDULE = 'mutation($input: ShowInput!) { scheduleShow(input: $input) { id } }';
const PRICES = `query($id: ID!) { show(id: $id) {
  basePrice { amountMinor currency } prices { seatType price { amountMinor currency } }
} }`;
const SHOWS_OF_EVENT = 'query($id: ID!) { event(id: $id) { shows { id } } }';
const inHours = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

let admin: string;
let screenId: string;

beforeAll(async () => {
  admin = (await loginAs(request, SUPERADMIN.email, SUPERADMIN.password)).accessToken;
  ({ screenId } = await createVenueWithScreen(request, admin, 'Currency Hall'));
});

describe('show prices in ISO 4217 currencies', () => {
  it('refuses a currency that is not ISO 4217 with INVALID_CURRENCY naming the field, and schedules nothing', async () => {
    const eventId = await createEvent(request, admin, { durationMinutes: 60 });
    const cases: [Record<string, unknown>, string][] = [
      [{ basePrice: { amountMinor: 20_000, currency: 'XYZ' } }, 'basePrice.currency'],
      [{ basePrice: { amountMinor: 20_000, currency: 'usd' } }, 'basePrice.currency'],
      [{ basePrice: { amountMinor: 20_000, currency: 'XAU' } }, 'basePrice.currency'],
      [
        {
          basePrice: { amountMinor: 20_000, currency: 'INR' },
          seatTypePrices: [{ seatType: 'PREMIUM', price: { amountMinor: 30_000, currency: 'XYZ' } }],
        },
        'seatTypePrices.0.price.currency',
      ],
    ];
    for (const [prices, field] of cases) {
      const refused = await request(
        SCHEDULE,
        { input: { eventId, screenId, startsAt: inHours(30), ...prices } },
        { token: admin },
      );
      expect(errorCode(refused)).toBe('INVALID_CURRENCY');
      expect(refused.errors![0]!.extensions!.field).toBe(field);
      expect(refused.errors![0]!.message).toMatch(/ISO 4217/);
    }
    const shows = await request(SHOWS_OF_EVENT, { id: eventId });
    expect(shows.data!.event.shows).toEqual([]);
  });

  it("prices a JPY show in whole yen, and rounds tier prices to the currency's own major unit", async () => {
    const eventId = await createEvent(request, admin, { durationMinutes: 60 });
    // ¥2,500 base: the PREMIUM tier (125 %) is ¥3,125, whole yen (JPY has no minor units), not rounded to ¥3,100.
    const jpy = await scheduleShow(request, admin, eventId, screenId, 40, {
      basePrice: { amountMinor: 2_500, currency: 'JPY' },
    });
    expect((await request(PRICES, { id: jpy })).data!.show).toEqual({
      basePrice: { amountMinor: 2_500, currency: 'JPY' },
      prices: [
        { seatType: 'NORMAL', price: { amountMinor: 2_500, currency: 'JPY' } },
        { seatType: 'PREMIUM', price: { amountMinor: 3_125, currency: 'JPY' } },
      ],
    });
    // KWD has 1000 fils to the dinar: 2.000 KWD × 125 % = 2.500 KWD, rounded to a whole dinar, 3.000 (not to 2.500).
    const kwd = await scheduleShow(request, admin, eventId, screenId, 44, {
      basePrice: { amountMinor: 2_000, currency: 'KWD' },
    });
    expect((await request(PRICES, { id: kwd })).data!.show.prices).toEqual([
      { seatType: 'NORMAL', price: { amountMinor: 2_000, currency: 'KWD' } },
      { seatType: 'PREMIUM', price: { amountMinor: 3_000, currency: 'KWD' } },
    ]);
  });
});
