import { describe, expect, it } from '@jest/globals';
import { pointsFor, pointsToReverse } from './loyalty-ledger.ts';

describe('loyalty points', () => {
  it('earns one point per ₹10 paid, rounding down', () => {
    expect(pointsFor(99_999)).toBe(99);
    expect(pointsFor(999)).toBe(0);
  });

  it('reverses in proportion to the refund, never more than was earned', () => {
    const earned = { points: 100, amountMinor: 100_000 };
    expect(pointsToReverse(earned, 0, 50_000)).toBe(50);
    expect(pointsToReverse(earned, 50, 100_000)).toBe(50);
    expect(pointsToReverse(earned, 100, 10_000)).toBe(0);
    expect(pointsToReverse(earned, 0, 500_000)).toBe(100);
  });
});
