import { describe, expect, it } from '@jest/globals';
import { ClientError } from '@showstream/platform';
import { parseLayout, sellableSeats } from '../src/screens/layout.ts';
import { currentPrices, dynamicMultiplier, showPrices } from '../src/shows/pricing.ts';

const layout = {
  rows: [
    {
      label: 'a',
      cells: [
        { label: 'a1', seatType: 'NORMAL' },
        { kind: 'AISLE' },
        { label: 'A2', seatType: 'NORMAL', sellable: false },
      ],
    },
    { label: 'B', cells: [{ label: 'B1', seatType: 'RECLINER' }] },
  ],
  seatTypes: [
    { seatType: 'NORMAL', priceTier: 1 },
    { seatType: 'RECLINER', priceTier: 4 },
  ],
};

describe('seating layouts', () => {
  it('normalises labels and lists only sellable seats', () => {
    const parsed = parseLayout(layout);
    expect(parsed.rows[0]!.cells).toEqual([
      { kind: 'SEAT', label: 'A1', seatType: 'NORMAL', sellable: true },
      { kind: 'AISLE', label: null, seatType: null, sellable: false },
      { kind: 'SEAT', label: 'A2', seatType: 'NORMAL', sellable: false },
    ]);
    expect(sellableSeats(parsed)).toEqual([
      { number: 'A1', row: 'A', seatType: 'NORMAL' },
      { number: 'B1', row: 'B', seatType: 'RECLINER' },
    ]);
  });

  it('refuses a seat type listed twice and a row listed twice', () => {
    expect(() =>
      parseLayout({ ...layout, seatTypes: [...layout.seatTypes, { seatType: 'NORMAL', priceTier: 2 }] }),
    ).toThrow(ClientError);
    expect(() => parseLayout({ ...layout, rows: [...layout.rows, layout.rows[1]] })).toThrow(/Row B appears twice/);
  });
});

describe('pricing', () => {
  it('prices seat types by tier unless given explicitly, in whole rupees', () => {
    expect(showPrices(19_999, layout.seatTypes, new Map())).toEqual([
      { seatType: 'NORMAL', priceTier: 1, amountMinor: 20_000 },
      { seatType: 'RECLINER', priceTier: 4, amountMinor: 40_000 },
    ]);
    expect(showPrices(20_000, layout.seatTypes, new Map([['RECLINER', 55_000]]))[1]!.amountMinor).toBe(55_000);
  });

  it.each([
    [0, 72, 1],
    [0.5, 72, 1],
    [1, 72, 1.3],
    [0.2, 200, 0.9],
    [1, 2, 1.43],
    [0, 2, 1.1],
  ])('occupancy %p with %p hours to go moves prices by %p', (occupancy, hours, multiplier) => {
    expect(dynamicMultiplier(occupancy, hours)).toBeCloseTo(multiplier, 2);
  });

  it('stays between the floor and the ceiling', () => {
    for (let occupancy = 0; occupancy <= 1; occupancy += 0.1) {
      for (const hours of [0, 12, 48, 200, 2000]) {
        const multiplier = dynamicMultiplier(occupancy, hours);
        expect(multiplier).toBeGreaterThanOrEqual(0.8);
        expect(multiplier).toBeLessThanOrEqual(1.5);
      }
    }
  });

  it('applies only to shows that enable it', () => {
    const show = {
      seatTypePrices: [{ seatType: 'NORMAL', priceTier: 1, amountMinor: 20_000 }],
      soldSeats: 100,
      totalSeats: 100,
      startsAt: new Date(Date.now() + 72 * 3_600_000),
    };
    expect(currentPrices({ ...show, dynamicPricingEnabled: false })[0]!.amountMinor).toBe(20_000);
    expect(currentPrices({ ...show, dynamicPricingEnabled: true })[0]!.amountMinor).toBe(26_000);
  });
});
