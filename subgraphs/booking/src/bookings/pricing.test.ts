import { describe, expect, it } from '@jest/globals';
import { bookingAmounts, confirmedCancellationRefund } from './pricing.ts';
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

describe('cancelling a confirmed booking', () => {
  const now = Date.UTC(2026, 10, 24, 12);
  it('refunds the tickets from 48 h, half (rounded down) from 4 h, and refuses later', () => {
    expect(confirmedCancellationRefund(40_001, new Date(now + 48 * HOUR), now)).toBe(40_001);
    expect(confirmedCancellationRefund(40_001, new Date(now + 48 * HOUR - 1), now)).toBe(20_000);
    expect(confirmedCancellationRefund(40_001, new Date(now + 4 * HOUR), now)).toBe(20_000);
    expect(() => confirmedCancellationRefund(40_001, new Date(now + 4 * HOUR - 1), now)).toThrow(expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', field: 'id' } }));
  });
});

describe('booking references', () => {
  it('are SS- and 8 Crockford base32 characters', () => {
    const references = new Set(Array.from({ length: 1000 }, newBookingReference));
    for (const reference of references) expect(reference).toMatch(/^SS-[0-9A-HJKMNP-TV-Z]{8}$/);
    expect(references.size).toBe(1000);
  });
});
