import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const REFUND_STATUSES = ['PENDING', 'PROCESSING', 'SUCCEEDED', 'FAILED'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

export const RefundSchema = defineEntity({
  name: 'Refund',
  tableName: 'refund_transactions',
  properties: {
    id: p.uuid().primary(),
    paymentId: p.uuid().fieldName('original_transaction_id'),
    refundId: p.string().length(100),
    userId: p.uuid(),
    bookingId: p.uuid(),
    causeKey: p.string().length(200),
    amountMinor: p.integer().fieldName('refund_amount'),
    currency: p.string().length(3),
    status: p.enum(REFUND_STATUSES).fieldName('refund_status'),
    reason: p.text().fieldName('refund_reason'),
    gatewayRefundId: p.string().length(255).nullable(),
    gatewayResponse: p.json<Record<string, unknown>>().nullable(),
    attempts: p.integer(),
    nextAttemptAt: p.datetime(),
    processedAt: p.datetime().nullable(),
    createdAt: p.datetime(),
  },
});
export type Refund = InferEntity<typeof RefundSchema>;
