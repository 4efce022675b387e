import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { Seat } from '@showstream/contracts';

/** Booking's projection of inventory's holds (SeatsLocked / SeatsReleased). */
export const HoldSchema = defineEntity({
  name: 'Hold',
  tableName: 'booking_holds',
  properties: {
    lockId: p.uuid().primary(),
    showId: p.uuid(),
    userId: p.uuid(),
    seats: p.json<Seat[]>(),
    totalMinor: p.integer(),
    currency: p.string().length(3),
    expiresAt: p.datetime(),
    showStartsAt: p.datetime(),
    status: p.enum(['ACTIVE', 'RELEASED', 'EXPIRED'] as const),
    updatedAt: p.datetime(),
  },
});
export type Hold = InferEntity<typeof HoldSchema>;
