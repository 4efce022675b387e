import type { SeatView } from './seats/seat.entity.ts';

/** What inventory publishes on `inventory-events`, keyed by show id, in seat-map version order. */
export const InventoryEvent = {
  ShowInventoryCreated: 'ShowInventoryCreated',
  SeatsLocked: 'SeatsLocked',
  SeatsReleased: 'SeatsReleased',
  /** The show was cancelled: its unsold seats are no longer for sale. */
  SeatsBlocked: 'SeatsBlocked',
  /** Answers to BookingCreated: the hold now waits for its booking, or it could not be kept. */
  HoldConsumed: 'HoldConsumed',
  HoldUnavailable: 'HoldUnavailable',
  /** A confirmed booking's seats are sold. */
  SeatsBooked: 'SeatsBooked',
} as const;

/** Every seat change carries the new version and only the seats that changed. */
export interface SeatChangeData {
  showId: string;
  version: number;
  currency: string;
  seats: SeatView[];
}

export interface SeatsLockedData extends SeatChangeData {
  lockId: string;
  userId: string;
  expiresAt: string;
  totalMinor: number;
  /** The show's start, so booking can bound a payment deadline and apply its cancel policy. */
  startsAt: string;
}

export interface SeatsReleasedData extends SeatChangeData {
  lockId: string;
  userId: string;
  /** BOOKING_ENDED: a pending booking ended; BOOKING_CANCELLED: a confirmed booking's seats are back on sale. */
  reason: 'RELEASED' | 'EXPIRED' | 'SHOW_CANCELLED' | 'BOOKING_ENDED' | 'BOOKING_CANCELLED';
  bookingId?: string;
}

export interface HoldAnswerData {
  showId: string;
  lockId: string;
  bookingId: string;
  userId: string;
  /** HoldUnavailable only. */
  reason?: string;
}

export interface SeatsBookedData extends SeatChangeData {
  lockId: string;
  bookingId: string;
  userId: string;
}

/** Catalog's events this service consumes (published by the catalog on the same topic). */
export const CatalogEvent = {
  ShowScheduled: 'ShowScheduled',
  ShowCancelled: 'ShowCancelled',
} as const;

export interface ShowScheduledData {
  showId: string;
  eventId: string;
  startsAt: string;
  endsAt: string;
  currency: string;
  seats: { number: string; row: string; seatType: string; priceMinor: number }[];
}

export interface ShowCancelledData {
  showId: string;
  reason: string;
}

/** Booking's events this service consumes (`booking-events`, keyed by booking id). */
export const BookingEvent = {
  BookingCreated: 'BookingCreated',
  BookingConfirmed: 'BookingConfirmed',
  BookingFailed: 'BookingFailed',
  BookingExpired: 'BookingExpired',
  BookingCancelled: 'BookingCancelled',
} as const;

/** The fields of every booking event that inventory needs. */
export interface BookingEventData {
  bookingId: string;
  userId: string;
  showId: string;
  lockId: string;
  /** BookingCancelled only. */
  wasConfirmed?: boolean;
}

/** Event types that change seats, which the live relay forwards to seat-map subscribers. */
export const SEAT_CHANGE_EVENTS = new Set<string>([InventoryEvent.SeatsLocked, InventoryEvent.SeatsReleased, InventoryEvent.SeatsBlocked, InventoryEvent.SeatsBooked]);
