/** The events analytics consumes (docs/booking-saga.md), with the fields it reads. Amounts are integer minor units. */

/** `inventory-events`, keyed by show id: inventory's seat changes and the catalog's show lifecycle. */
export const InventoryEvent = {
  ShowScheduled: 'ShowScheduled',
  ShowCancelled: 'ShowCancelled',
  SeatsLocked: 'SeatsLocked',
  SeatsReleased: 'SeatsReleased',
  HoldConsumed: 'HoldConsumed',
} as const;

export interface ShowScheduledData {
  showId: string;
  eventId: string;
  venueId: string;
  city: string;
  startsAt: string;
  currency: string;
  seats: unknown[];
}

export interface ShowCancelledData {
  showId: string;
  eventId: string;
}

export interface SeatsLockedData {
  showId: string;
  lockId: string;
  userId: string;
  currency: string;
  seats: unknown[];
  totalMinor: number;
  expiresAt: string;
}

export interface SeatsReleasedData {
  lockId: string;
  reason: 'RELEASED' | 'EXPIRED' | 'SHOW_CANCELLED' | 'BOOKING_ENDED' | 'BOOKING_CANCELLED';
}

export interface HoldConsumedData {
  lockId: string;
}

/** `booking-events`, keyed by booking id. */
export const BookingEvent = {
  BookingCreated: 'BookingCreated',
  BookingConfirmed: 'BookingConfirmed',
  BookingFailed: 'BookingFailed',
  BookingExpired: 'BookingExpired',
  BookingCancelled: 'BookingCancelled',
} as const;

interface BookingRef {
  bookingId: string;
  userId: string;
  showId: string;
}

export interface BookingCreatedData extends BookingRef {
  seats: unknown[];
  totalMinor: number;
  finalMinor: number;
  currency: string;
}

export interface BookingConfirmedData extends BookingRef {
  seats: { priceMinor: number }[];
  finalMinor: number;
  currency: string;
}

/** `payment-events`, keyed by booking id. */
export const PaymentEvent = {
  PaymentInitiated: 'PaymentInitiated',
  PaymentSucceeded: 'PaymentSucceeded',
  PaymentFailed: 'PaymentFailed',
  RefundSucceeded: 'RefundSucceeded',
  RefundFailed: 'RefundFailed',
} as const;

interface PaymentRef {
  paymentId: string;
  bookingId: string;
  userId: string;
}

export interface PaymentInitiatedData extends PaymentRef {
  amountMinor: number;
  currency: string;
}

export interface PaymentSucceededData extends PaymentRef {
  amountMinor: number;
  currency: string;
  succeededAt: string;
}

export interface PaymentFailedData extends PaymentRef {
  code: string;
}

export interface RefundSucceededData extends PaymentRef {
  refundId: string;
  amountMinor: number;
  currency: string;
  reason: string;
}

/** `user-events`, keyed by user id. */
export const UserEvent = {
  Registered: 'UserRegistered',
  LoggedIn: 'UserLoggedIn',
} as const;

export interface UserEventData {
  userId: string;
}

/** `notification-events` (NotificationRequested) and `analytics-events` (BookingSucceeded): counted only. */
export interface NotificationRequestedData {
  kind: string;
}
