/** Event types and data of the booking saga (docs/booking-saga.md). Amounts are integer minor units. */

/** A booked seat as the booking events carry it. */
export interface SeatData {
  number: string;
  row: string;
  seatType: string;
  priceMinor: number;
}

/** What booking publishes on `booking-events`, keyed by booking id. */
export const BookingEvent = {
  BookingCreated: 'BookingCreated',
  BookingConfirmed: 'BookingConfirmed',
  BookingFailed: 'BookingFailed',
  BookingExpired: 'BookingExpired',
  BookingCancelled: 'BookingCancelled',
} as const;

interface BookingRef {
  bookingId: string;
  reference: string;
  userId: string;
  showId: string;
  lockId: string;
}

export interface BookingCreatedData extends BookingRef {
  seats: SeatData[];
  totalMinor: number;
  bookingFeeMinor: number;
  taxesMinor: number;
  finalMinor: number;
  currency: string;
  expiresAt: string;
  showStartsAt: string;
}

export interface BookingConfirmedData extends BookingRef {
  seats: SeatData[];
  finalMinor: number;
  currency: string;
  paymentId: string;
}

export interface BookingEndedData extends BookingRef {
  reason: string;
}

export interface BookingCancelledData extends BookingRef {
  wasConfirmed: boolean;
  /** What payment refunds of a confirmed booking; an unconfirmed one is refunded whatever succeeded. */
  refundMinor: number;
  reason: string;
  byShowCancellation: boolean;
}

/** Inventory's events this service consumes (`inventory-events`, keyed by show id). */
export const InventoryEvent = {
  SeatsLocked: 'SeatsLocked',
  SeatsReleased: 'SeatsReleased',
  HoldConsumed: 'HoldConsumed',
  HoldUnavailable: 'HoldUnavailable',
  SeatsBooked: 'SeatsBooked',
  /** Published by the catalog on the same topic. */
  ShowCancelled: 'ShowCancelled',
} as const;

export interface SeatsLockedData {
  showId: string;
  currency: string;
  seats: SeatData[];
  lockId: string;
  userId: string;
  expiresAt: string;
  totalMinor: number;
  startsAt: string;
}

export interface SeatsReleasedData {
  showId: string;
  lockId: string;
  reason: string;
}

export interface HoldAnswerData {
  showId: string;
  lockId: string;
  bookingId: string;
  userId: string;
  reason?: string;
}

export interface SeatsBookedData {
  showId: string;
  bookingId: string;
}

export interface ShowCancelledData {
  showId: string;
  reason: string;
}

/** Payment's events this service consumes (`payment-events`, keyed by booking id). */
export const PaymentEvent = {
  PaymentSucceeded: 'PaymentSucceeded',
  PaymentFailed: 'PaymentFailed',
  RefundSucceeded: 'RefundSucceeded',
} as const;

export interface PaymentSucceededData {
  paymentId: string;
  bookingId: string;
  amountMinor: number;
  currency: string;
  succeededAt: string;
}

export interface PaymentFailedData {
  paymentId: string;
  bookingId: string;
  code: string;
  reason: string;
}

export interface RefundSucceededData {
  refundId: string;
  paymentId: string;
  bookingId: string;
  amountMinor: number;
  currency: string;
  fullyRefunded: boolean;
}

/** `notification-events`, keyed by user id. */
export type NotificationKind = 'BOOKING_CONFIRMED' | 'PAYMENT_FAILED' | 'REFUND_ISSUED' | 'SHOW_CANCELLED' | 'BOOKING_EXPIRED' | 'HOLD_EXPIRING';
export interface NotificationRequestedData {
  userId: string;
  kind: NotificationKind;
  bookingId?: string;
  showId?: string;
  variables: Record<string, unknown>;
}

/** `analytics-events`, keyed by booking id. */
export interface BookingSucceededData {
  bookingId: string;
  userId: string;
  showId: string;
  seats: SeatData[];
  totalMinor: number;
  finalMinor: number;
  currency: string;
  confirmedAt: string;
}
