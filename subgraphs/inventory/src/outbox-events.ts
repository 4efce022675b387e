import type { SeatView } from './seats/seat.entity.ts';

/** What inventory publishes on `inventory-events`, keyed by show id, in seat-map version order. */
export const InventoryEvent = {
  ShowInventoryCreated: 'ShowInventoryCreated',
  SeatsLocked: 'SeatsLocked',
  SeatsReleased: 'SeatsReleased',
  /** The show was cancelled: its unsold seats are no longer for sale. */
  SeatsBlocked: 'SeatsBlocked',
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
}

export interface SeatsReleasedData extends SeatChangeData {
  lockId: string;
  userId: string;
  reason: 'RELEASED' | 'EXPIRED' | 'SHOW_CANCELLED';
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

/** Event types that change seats, which the live relay forwards to seat-map subscribers. */
export const SEAT_CHANGE_EVENTS = new Set<string>([InventoryEvent.SeatsLocked, InventoryEvent.SeatsReleased, InventoryEvent.SeatsBlocked]);
