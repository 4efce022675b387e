import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const SeatLockSchema = defineEntity({
  name: 'SeatLock',
  tableName: 'seat_locks',
  properties: {
    id: p.uuid().primary(),
    showId: p.uuid(),
    userId: p.uuid(),
    seatNumbers: p.array(),
    totalMinor: p.integer(),
    currency: p.string().length(3),
    status: p.enum(['ACTIVE', 'RELEASED', 'EXPIRED', 'CONSUMED'] as const),
    lockedAt: p.datetime(),
    expiresAt: p.datetime(),
    endedAt: p.datetime().nullable(),
    bookingId: p.uuid().nullable(),
  },
});
export type SeatLock = InferEntity<typeof SeatLockSchema>;
