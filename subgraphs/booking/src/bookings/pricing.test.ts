import { describe, expect, it } from '@jest/globals';
import { bookingAmounts, cancellationQuote } from './pricing.ts';
import { newBookingReference } from './reference.ts';

const HOUR = 3_600_000;

describe('booking amounts', () => {
  it('adds the fee per seat and GST on the fee, rounded half up', () => {
    expect(bookingAmounts([20_000, 30_000], { BOOKING_FEE_PER_SEAT_MINOR: 3000, GST_RATE_PERCENT: 18 })).toEqual({
      totalMinor: 50_000,
      bookingFeeMinor: 6000,
      taxesMinor: 1080,
      finalMinor: 57_080,
    });
    // 18 % of 25 is 4.5: half up.
    expect(bookingAmounts([100], { BOOKING_FEE_PER_SEAT_MINOR: 25, GST_RATE_PERCENT: 18 }).taxesMinor).toBe(5);
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
