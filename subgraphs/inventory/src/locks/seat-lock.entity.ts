import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const HOLD_STATUSES = ['ACTIVE', 'RELEASED', 'EXPIRED', 'CONSUMED'] as const;

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
    status: p.enum(HOLD_STATUSES),
    lockedAt: p.datetime(),
    expiresAt: p.datetime(),
    endedAt: p.datetime().nullable(),
    bookingId: p.uuid().nullable(),
  },
});
export type SeatLock = InferEntity<typeof SeatLockSchema>;
