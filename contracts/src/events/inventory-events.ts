import { z } from 'zod';
import { currency, id, instant, minor, seat, seatView } from './shared.ts';

/**
 * `inventory-events`, keyed by show id, in seat-map version order: the catalog's show lifecycle
 * and inventory's seat changes and answers to bookings.
 */

/** Catalog: everything inventory needs to create the show's seats, with the price each seat is sold at. */
export const ShowScheduled = z.object({
  showId: id,
  eventId: id,
  eventTitle: z.string(),
  screenId: id,
  venueId: id,
  city: z.string(),
  startsAt: instant,
  endsAt: instant,
  currency,
  dynamicPricingEnabled: z.boolean(),
  seatTypes: z.array(z.object({ seatType: z.string(), priceTier: z.number().int(), amountMinor: minor })),
  seats: z.array(seat),
  /** Where and in which zone, for what the buyer is told (absent from shows scheduled before tickets carried it). */
  venueName: z.string().optional(),
  venueAddress: z.string().nullable().optional(),
  timeZone: z.string().optional(),
});

/** Catalog: the show is off; its bookings are cancelled and refunded, its seats withdrawn. */
export const ShowCancelled = z.object({
  showId: id,
  eventId: id,
  reason: z.string(),
  startsAt: instant,
});

/** Every seat change carries the show's new seat-map version and only the seats that changed. */
const seatChange = z.object({
  showId: id,
  version: z.number().int(),
  currency,
  seats: z.array(seatView),
});

export const ShowInventoryCreated = seatChange;

/** The show was cancelled: its unsold seats are no longer for sale. */
export const SeatsBlocked = seatChange;

export const SeatsLocked = seatChange.extend({
  lockId: id,
  userId: id,
  expiresAt: instant,
  totalMinor: minor,
  /** The show's start, so booking can bound a payment deadline and apply its cancel policy. */
  startsAt: instant,
});

export const RELEASE_REASONS = ['RELEASED', 'EXPIRED', 'SHOW_CANCELLED', 'BOOKING_ENDED', 'BOOKING_CANCELLED'] as const;

export const SeatsReleased = seatChange.extend({
  lockId: id,
  userId: id,
  /** BOOKING_ENDED: a pending booking ended; BOOKING_CANCELLED: a confirmed booking's seats are back on sale. */
  reason: z.enum(RELEASE_REASONS),
  bookingId: id.optional(),
});

/** Inventory's answer to BookingCreated: the hold now waits for its booking. */
export const HoldConsumed = z.object({
  showId: id,
  lockId: id,
  bookingId: id,
  userId: id,
});

/** Inventory's answer to BookingCreated: the hold could not be kept (UNKNOWN_HOLD, HOLD_<status>, NOT_THE_HOLDER, HOLD_EXPIRED). */
export const HoldUnavailable = HoldConsumed.extend({ reason: z.string() });

/** A confirmed booking's seats are sold. */
export const SeatsBooked = seatChange.extend({
  lockId: id,
  bookingId: id,
  userId: id,
});

export const inventoryEvents = {
  ShowScheduled,
  ShowCancelled,
  ShowInventoryCreated,
  SeatsBlocked,
  SeatsLocked,
  SeatsReleased,
  HoldConsumed,
  HoldUnavailable,
  SeatsBooked,
};

/**
 * Event types that change seats, each with the show's new seat-map version: the live relay forwards
 * them to seat-map subscribers. (ShowInventoryCreated starts the map at version 1 with no change.)
 */
export const SEAT_CHANGE_EVENTS = ['SeatsBlocked', 'SeatsLocked', 'SeatsReleased', 'SeatsBooked'] as const;
export type SeatChangeEvent = (typeof SEAT_CHANGE_EVENTS)[number];
