import type { SellableSeat } from './screens/layout.ts';
import type { SeatTypeShowPrice } from './shows/show.entity.ts';

/** What the catalog publishes on `inventory-events`, keyed by show id. */
export const ShowEvent = {
  Scheduled: 'ShowScheduled',
  Cancelled: 'ShowCancelled',
} as const;

/** Everything inventory needs to create the show's seats, with the price each seat is sold at. */
export interface ShowScheduledData {
  showId: string;
  eventId: string;
  eventTitle: string;
  screenId: string;
  venueId: string;
  city: string;
  startsAt: string;
  endsAt: string;
  currency: string;
  dynamicPricingEnabled: boolean;
  seatTypes: SeatTypeShowPrice[];
  seats: (SellableSeat & { priceMinor: number })[];
}

export interface ShowCancelledData {
  showId: string;
  eventId: string;
  reason: string;
  startsAt: string;
}
