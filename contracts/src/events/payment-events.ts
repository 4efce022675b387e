import { z } from 'zod';
import { currency, id, instant, minor } from './shared.ts';

/** `payment-events`, keyed by booking id (docs/booking-saga.md). */

const paymentRef = z.object({
  paymentId: id,
  /** The payment's public handle, `txn_…`. */
  transactionId: z.string(),
  bookingId: id,
  userId: id,
});

export const PaymentInitiated = paymentRef.extend({
  amountMinor: minor,
  currency,
  gateway: z.string(),
  method: z.string(),
});

export const PaymentSucceeded = paymentRef.extend({
  amountMinor: minor,
  currency,
  gateway: z.string(),
  succeededAt: instant,
});

export const PAYMENT_FAILURE_CODES = ['DECLINED', 'FRAUD_BLOCKED', 'GATEWAY_ERROR'] as const;

export const PaymentFailed = paymentRef.extend({
  code: z.enum(PAYMENT_FAILURE_CODES),
  reason: z.string(),
});

export const RefundSucceeded = paymentRef.extend({
  refundId: id,
  amountMinor: minor,
  currency,
  reason: z.string(),
  fullyRefunded: z.boolean(),
});

export const RefundFailed = paymentRef.extend({
  refundId: id,
  amountMinor: minor,
  reason: z.string(),
});

export const paymentEvents = { PaymentInitiated, PaymentSucceeded, PaymentFailed, RefundSucceeded, RefundFailed };
