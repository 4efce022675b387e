import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const BOOKING_STATUSES = ['PENDING', 'CONFIRMED', 'CANCELLED', 'EXPIRED', 'FAILED'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

/** Payment's read model of a booking, fed by booking-events; booking owns the truth. */
export const BookingProjectionSchema = defineEntity({
  name: 'BookingProjection',
  tableName: 'booking_projection',
  properties: {
    bookingId: p.uuid().primary(),
    reference: p.string().length(40),
    userId: p.uuid(),
    showId: p.uuid(),
    status: p.enum(BOOKING_STATUSES),
    totalMinor: p.integer(),
    finalMinor: p.integer(),
    currency: p.string().length(3),
    expiresAt: p.datetime(),
    showStartsAt: p.datetime().nullable(),
    confirmedPaymentId: p.uuid().nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});
export type BookingProjection = InferEntity<typeof BookingProjectionSchema>;
