import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const FRAUD_DECISIONS = ['ALLOW', 'FLAG', 'BLOCK'] as const;
export type FraudDecision = (typeof FRAUD_DECISIONS)[number];

/** One evaluation of the fraud rules before a charge: the decision and every rule that fired. */
export const FraudCheckSchema = defineEntity({
  name: 'FraudCheck',
  tableName: 'fraud_checks',
  properties: {
    id: p.uuid().primary(),
    paymentId: p.uuid(),
    userId: p.uuid(),
    cardFingerprint: p.string().length(255),
    amountMinor: p.integer(),
    decision: p.enum(FRAUD_DECISIONS),
    reasons: p.array(),
    riskLevel: p.string().length(20),
    createdAt: p.datetime(),
  },
});
export type FraudCheck = InferEntity<typeof FraudCheckSchema>;
