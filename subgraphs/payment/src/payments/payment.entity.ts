import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const PAYMENT_STATUSES = [
  'INITIATED',
  'REQUIRES_CONFIRMATION',
  'PROCESSING',
  'SUCCEEDED',
  'FAILED',
  'REFUNDED',
  'PARTIALLY_REFUNDED',
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
export const FAILURE_CODES = ['DECLINED', 'FRAUD_BLOCKED', 'GATEWAY_ERROR'] as const;
export type FailureCode = (typeof FAILURE_CODES)[number];

/** Statuses after which confirmPayment changes nothing. */
export const FINAL_STATUSES: readonly PaymentStatus[] = ['SUCCEEDED', 'FAILED', 'REFUNDED', 'PARTIALLY_REFUNDED'];
/** Statuses of a payment whose money was taken (refunds may have followed). */
export const CAPTURED_STATUSES: readonly PaymentStatus[] = ['SUCCEEDED', 'REFUNDED', 'PARTIALLY_REFUNDED'];

export const PaymentSchema = defineEntity({
  name: 'Payment',
  tableName: 'payment_transactions',
  properties: {
    id: p.uuid().primary(),
    transactionId: p.string().length(100),
    bookingId: p.uuid(),
    userId: p.uuid(),
    idempotencyKey: p.string().length(200),
    gateway: p.string().length(50).fieldName('payment_gateway'),
    gatewayTransactionId: p.string().length(255).nullable(),
    amountMinor: p.integer(),
    refundedMinor: p.integer(),
    currency: p.string().length(3),
    status: p.enum(PAYMENT_STATUSES),
    method: p.string().length(30).fieldName('payment_method'),
    paymentToken: p.string().length(255).nullable(),
    failureCode: p.enum(FAILURE_CODES).nullable(),
    failureReason: p.text().nullable(),
    gatewayResponse: p.json<Record<string, unknown>>().nullable(),
    succeededAt: p.datetime().nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});
export type Payment = InferEntity<typeof PaymentSchema>;
