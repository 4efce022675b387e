import { describe, expect, it } from '@jest/globals';
import { bookingAmounts, cancellationQuote, feeRuleFor } from './pricing.ts';
import { newBookingReference } from './reference.ts';

const HOUR = 3_600_000;

const defaults = { BOOKING_FEES: {}, BOOKING_FEE_PER_SEAT_MINOR: 3000, GST_RATE_PERCENT: 18 };
const gst = (feePerSeatMinor: number) => ({ feePerSeatMinor, tax: { name: 'GST', ratePercent: 18 } });

describe('booking amounts', () => {
  it('adds the fee per seat and GST on the fee, rounded half up', () => {
    expect(bookingAmounts([20_000, 30_000], gst(3000))).toEqual({
      totalMinor: 50_000,
      bookingFeeMinor: 6000,
      taxesMinor: 1080,
      finalMinor: 57_080,
      taxName: 'GST',
    });
    // 18 % of 25 is 4.5: half up.
    expect(bookingAmounts([100], gst(25)).taxesMinor).toBe(5);
  });

  it('charges INR ₹30 a seat and 18 % GST by default, and other currencies neither unless configured', () => {
    expect(feeRuleFor(defaults, 'INR')).toEqual(gst(3000));
    expect(feeRuleFor({ ...defaults, BOOKING_FEE_PER_SEAT_MINOR: 2500, GST_RATE_PERCENT: 0 }, 'INR')).toEqual({
      feePerSeatMinor: 2500,
      tax: null,
    });
    for (const currency of ['USD', 'JPY', 'KWD'])
      expect(feeRuleFor(defaults, currency)).toEqual({ feePerSeatMinor: 0, tax: null });
    // Whole yen: tickets only, no fee, no tax, no tax name.
    expect(bookingAmounts([2_500, 3_125], feeRuleFor(defaults, 'JPY'))).toEqual({
      totalMinor: 5_625,
      bookingFeeMinor: 0,
      taxesMinor: 0,
      finalMinor: 5_625,
      taxName: null,
    });
  });

  it("follows BOOKING_FEES' rule for a currency, INR's too, rounding its tax to whole minor units", () => {
    const config = {
      ...defaults,
      BOOKING_FEES: {
        JPY: { feePerSeatMinor: 165, tax: { name: 'Consumption tax', ratePercent: 10 } },
        INR: { feePerSeatMinor: 2000, tax: { name: 'GST', ratePercent: 18 } },
      },
    };
    // 10 % of ¥330 is ¥33, in whole yen.
    expect(bookingAmounts([2_500, 2_500], feeRuleFor(config, 'JPY'))).toEqual({
      totalMinor: 5_000,
      bookingFeeMinor: 330,
      taxesMinor: 33,
      finalMinor: 5_363,
      taxName: 'Consumption tax',
    });
    expect(feeRuleFor(config, 'INR')).toEqual(gst(2000));
    expect(feeRuleFor(config, 'USD')).toEqual({ feePerSeatMinor: 0, tax: null });
  });
});

describe('the refund policy', () => {
  const now = Date.UTC(2026, 10, 24, 12);
  type Cancellable = Parameters<typeof cancellationQuote>[0];
  const booking = (
    status: Cancellable['status'],
    hoursBeforeShow: number,
    paymentStatus: Cancellable['paymentStatus'] = 'SUCCEEDED',
  ): Cancellable => ({
    status,
    paymentStatus,
    totalMinor: 40_001,
    finalMinor: 43_541,
    showStartsAt: new Date(now + hoursBeforeShow * HOUR),
  });
  const refund = (
    status: Cancellable['status'],
    hoursBeforeShow: number,
    paymentStatus?: Cancellable['paymentStatus'],
  ) => cancellationQuote(booking(status, hoursBeforeShow, paymentStatus), { now });

  it("refunds a confirmed booking's tickets from 48 h, half (rounded down) from 4 h, and refuses later", () => {
    expect(refund('CONFIRMED', 48)).toMatchObject({ allowed: true, refundMinor: 40_001 });
    expect(refund('CONFIRMED', 48 - 1 / HOUR)).toMatchObject({ allowed: true, refundMinor: 20_000 });
    expect(refund('CONFIRMED', 4)).toMatchObject({ allowed: true, refundMinor: 20_000 });
    expect(refund('CONFIRMED', 4 - 1 / HOUR)).toMatchObject({
      allowed: false,
      refundMinor: 0,
      rule: expect.stringMatching(/within 4 hours/),
    });
  });

  it('gives a pending booking back whatever was paid, at any time, and nothing to an ended one', () => {
    expect(refund('PENDING', 1, 'SUCCEEDED')).toMatchObject({ allowed: true, refundMinor: 43_541 });
    expect(refund('PENDING', 1, 'PENDING')).toMatchObject({ allowed: true, refundMinor: 0 });
    expect(refund('EXPIRED', 100)).toMatchObject({ allowed: false, refundMinor: 0 });
  });

  it('names what a cancellation keeps after the rule of the booking: the fee and its GST, the fee, or nothing', () => {
    const quote = (fees: Partial<Cancellable>) =>
      cancellationQuote({ ...booking('CONFIRMED', 72), ...fees }, { now }).rule;
    expect(quote({ bookingFeeMinor: 6000, taxName: 'GST' })).toBe(
      '48 hours or more before the show: the ticket amount is refunded; the booking fee and its GST are not.',
    );
    expect(quote({ bookingFeeMinor: 300, taxName: null })).toMatch(/refunded; the booking fee is not\.$/);
    expect(quote({ bookingFeeMinor: 0, taxName: null })).toBe(
      '48 hours or more before the show: the ticket amount is refunded.',
    );
  });

  it('refunds everything paid when the show is cancelled, however close it is', () => {
    expect(cancellationQuote(booking('CONFIRMED', 1), { now, byShowCancellation: true })).toMatchObject({
      allowed: true,
      refundMinor: 43_541,
    });
  });
});

describe('booking references', () => {
  it('are SS- and 8 Crockford base32 characters', () => {
    const references = new Set(Array.from({ length: 1000 }, newBookingReference));
    for (const reference of references) expect(reference).toMatch(/^SS-[0-9A-HJKMNP-TV-Z]{8}$/);
    expect(references.size).toBe(1000);
  });
});
