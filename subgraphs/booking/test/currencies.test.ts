import { beforeAll, describe, expect, it } from '@jest/globals';
import {
  bookAndPay,
  createEvent,
  createVenueWithScreen,
  holdAndBook,
  registerUser,
  scheduleShow,
  showWithSeats,
  testCard,
  waitFor,
  waitForBooking,
} from '@showstream/testkit';
import { adminToken, request } from './helpers.ts';

const AMOUNTS = `query($id: ID!) { booking(id: $id) {
  status seats { number price { amountMinor currency } }
  totalAmount { amountMinor currency } bookingFee { amountMinor currency } taxes { amountMinor currency }
  taxName finalAmount { amountMinor currency }
} }`;

let admin: string;
beforeAll(async () => {
  admin = await adminToken();
});

/** A show priced at `basePriceMinor` in `currency` on a screen of its own (NORMAL at the base, PREMIUM at 125 %). */
async function showIn(currency: string, basePriceMinor: number): Promise<string> {
  const { screenId } = await createVenueWithScreen(request, admin, `${currency} Hall`);
  const eventId = await createEvent(request, admin, { durationMinutes: 60 });
  const showId = await scheduleShow(request, admin, eventId, screenId, 72, {
    basePrice: { amountMinor: basePriceMinor, currency },
  });
  await waitFor(
    async () => !(await request('query($id: ID!) { seatMap(showId: $id) { version } }', { id: showId })).errors,
    20_000,
    100,
  );
  return showId;
}

describe('bookings in the currency of their show', () => {
  it('charges a JPY show in whole yen with no booking fee and no GST, and takes that payment', async () => {
    const showId = await showIn('JPY', 2_500);
    const buyer = await registerUser(request, 'yen');
    const { booking, payment } = await bookAndPay(
      request,
      buyer.accessToken,
      showId,
      ['A1', 'C1'],
      testCard('success'),
    );
    const jpy = (amountMinor: number) => ({ amountMinor, currency: 'JPY' });
    // ¥2,500 + ¥3,125: JPY has no minor units, so these are yen.
    const expected = {
      seats: [
        { number: 'A1', price: jpy(2_500) },
        { number: 'C1', price: jpy(3_125) },
      ],
      totalAmount: jpy(5_625),
      bookingFee: jpy(0),
      taxes: jpy(0),
      taxName: null,
      finalAmount: jpy(5_625),
    };
    expect(payment.status).toBe('SUCCEEDED');
    await waitForBooking(request, buyer.accessToken, booking.id, 'CONFIRMED');
    const confirmed = (await request(AMOUNTS, { id: booking.id }, { token: buyer.accessToken })).data!.booking;
    expect(confirmed).toEqual({ status: 'CONFIRMED', ...expected });
    const paid = await request(
      'query($id: ID!) { booking(id: $id) { payments { status amount { amountMinor currency } } } }',
      { id: booking.id },
      { token: buyer.accessToken },
    );
    expect(paid.errors).toBeUndefined();
    expect(paid.data!.booking.payments).toEqual([{ status: 'SUCCEEDED', amount: jpy(5_625) }]);
  });

  it('gives a USD show no ₹ fee and no GST, and keeps INR shows at ₹30 a seat with 18 % GST', async () => {
    const usdShow = await showIn('USD', 2_500);
    const buyer = await registerUser(request, 'dollar');
    const usd = await holdAndBook(request, buyer.accessToken, usdShow, ['A1']);
    expect((await request(AMOUNTS, { id: usd.id }, { token: buyer.accessToken })).data!.booking).toMatchObject({
      totalAmount: { amountMinor: 2_500, currency: 'USD' },
      bookingFee: { amountMinor: 0, currency: 'USD' },
      taxes: { amountMinor: 0, currency: 'USD' },
      taxName: null,
      finalAmount: { amountMinor: 2_500, currency: 'USD' },
    });

    const inrShow = await showWithSeats(request, admin, 72, 'Rupee Hall');
    const inr = await holdAndBook(request, buyer.accessToken, inrShow, ['A1']);
    expect((await request(AMOUNTS, { id: inr.id }, { token: buyer.accessToken })).data!.booking).toMatchObject({
      totalAmount: { amountMinor: 20_000, currency: 'INR' },
      bookingFee: { amountMinor: 3_000, currency: 'INR' },
      taxes: { amountMinor: 540, currency: 'INR' },
      taxName: 'GST',
      finalAmount: { amountMinor: 23_540, currency: 'INR' },
    });
  });
});
