import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const LoyaltyAccountSchema = defineEntity({
  name: 'LoyaltyAccount',
  tableName: 'loyalty_accounts',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    userId: p.uuid().unique(),
    points: p.integer().default(0),
    lifetimePoints: p.integer().default(0),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
export type LoyaltyAccount = InferEntity<typeof LoyaltyAccountSchema>;

export type LoyaltyTier = 'BLUE' | 'SILVER' | 'GOLD' | 'PLATINUM';

/** Tier by points ever earned, so spending points never demotes anyone. */
const TIER_THRESHOLDS: [LoyaltyTier, number][] = [
  ['PLATINUM', 25_000],
  ['GOLD', 10_000],
  ['SILVER', 2_500],
];

export function loyaltyTier(lifetimePoints: number): LoyaltyTier {
  return TIER_THRESHOLDS.find(([, minimum]) => lifetimePoints >= minimum)?.[0] ?? 'BLUE';
}
