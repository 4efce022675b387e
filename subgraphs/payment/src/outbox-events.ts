/** What payment publishes on `payment-events`, keyed by booking id (docs/booking-saga.md). */
export const PaymentEvent = {
  PaymentInitiated: 'PaymentInitiated',
  PaymentSucceeded: 'PaymentSucceeded',
  PaymentFailed: 'PaymentFailed',
  RefundSucceeded: 'RefundSucceeded',
  RefundFailed: 'RefundFailed',
} as const;

interface PaymentRef {
  paymentId: string;
  transactionId: string;
  bookingId: string;
  userId: string;
}

export interface PaymentInitiatedData extends PaymentRef {
  amountMinor: number;
  currency: string;
  gateway: string;
  method: string;
}

export interface PaymentSucceededData extends PaymentRef {
  amountMinor: number;
  currency: string;
  gateway: string;
  succeededAt: string;
}

export interface PaymentFailedData extends PaymentRef {
  code: 'DECLINED' | 'FRAUD_BLOCKED' | 'GATEWAY_ERROR';
  reason: string;
}

export interface RefundSucceededData extends PaymentRef {
  refundId: string;
  amountMinor: number;
  currency: string;
  reason: string;
  fullyRefunded: boolean;
}

export interface RefundFailedData extends PaymentRef {
  refundId: string;
  amountMinor: number;
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

interface BookingRef {
  bookingId: string;
  reference: string;
  userId: string;
  showId: string;
  lockId: string;
}

export interface BookingCreatedData extends BookingRef {
  totalMinor: number;
  bookingFeeMinor: number;
  taxesMinor: number;
  finalMinor: number;
  currency: string;
  expiresAt: string;
  showStartsAt: string;
}

export interface BookingConfirmedData extends BookingRef {
  finalMinor: number;
  currency: string;
  paymentId: string;
}

export interface BookingEndedData extends BookingRef {
  reason: string;
}

export interface BookingCancelledData extends BookingRef {
  wasConfirmed: boolean;
  refundMinor: number;
  reason: string;
  byShowCancellation: boolean;
}
