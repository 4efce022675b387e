import { DEFAULT_CURRENCY, minorPerMajor } from '@showstream/platform';
import type { SeatTypeTier } from '../screens/layout.ts';
import type { SeatTypeShowPrice } from './show.entity.ts';

/** What each price tier costs relative to the show's base price, in percent. */
export const TIER_MULTIPLIER_PERCENT: Record<number, number> = { 1: 100, 2: 125, 3: 150, 4: 200, 5: 300 };

/** Dynamic prices never leave this band around the show's own prices. */
export const DYNAMIC_FLOOR = 0.8;
export const DYNAMIC_CEILING = 1.5;

/**
 * Whole major units of the show's currency: people compare ₹250 and ₹275, not ₹261.37 (100 paise
 * to the rupee, 1 yen to the yen, 1000 fils to the Kuwaiti dinar).
 */
const roundToMajorUnit = (amountMinor: number, currency: string) => {
  const unit = minorPerMajor(currency);
  return Math.round(amountMinor / unit) * unit;
};

/**
 * A show's price per seat type when it is scheduled: the explicit price when given, else the
 * base price times the type's tier multiplier.
 */
export function showPrices(
  basePriceMinor: number,
  seatTypes: SeatTypeTier[],
  explicit: Map<string, number>,
  currency: string = DEFAULT_CURRENCY,
): SeatTypeShowPrice[] {
  return seatTypes.map(({ seatType, priceTier }) => ({
    seatType,
    priceTier,
    amountMinor:
      explicit.get(seatType) ??
      roundToMajorUnit((basePriceMinor * (TIER_MULTIPLIER_PERCENT[priceTier] ?? 100)) / 100, currency),
  }));
}

/**
 * The dynamic pricing rule. Demand lifts prices once a show is half full (up to +30% when
 * sold out); a show more than a week away is 10% cheaper (early bird) and the last 24 hours
 * are 10% dearer. The product stays within [0.8, 1.5] of the show's own prices.
 */
export function dynamicMultiplier(occupancy: number, hoursToStart: number): number {
  const demand = 1 + 0.6 * Math.max(0, Math.min(occupancy, 1) - 0.5);
  const timing = hoursToStart >= 168 ? 0.9 : hoursToStart <= 24 ? 1.1 : 1;
  return Math.min(DYNAMIC_CEILING, Math.max(DYNAMIC_FLOOR, demand * timing));
}

export function currentPrices(
  show: {
    seatTypePrices: SeatTypeShowPrice[];
    dynamicPricingEnabled: boolean;
    soldSeats: number;
    totalSeats: number;
    startsAt: Date;
    /** The show's currency, whose major unit prices round to (INR when not given). */
    currency?: string;
  },
  now: Date = new Date(),
): SeatTypeShowPrice[] {
  if (!show.dynamicPricingEnabled) return show.seatTypePrices;
  const multiplier = dynamicMultiplier(
    show.soldSeats / show.totalSeats,
    (show.startsAt.getTime() - now.getTime()) / 3_600_000,
  );
  return show.seatTypePrices.map((price) => ({
    ...price,
    amountMinor: roundToMajorUnit(price.amountMinor * multiplier, show.currency ?? DEFAULT_CURRENCY),
  }));
}

/** A seat type as the API shows it: its tier, and its price where there is one (a show's, not a bare layout's). */
export interface PricedSeatType {
  seatType: string;
  priceTier: number;
  amountMinor?: number;
  currency?: string;
}
