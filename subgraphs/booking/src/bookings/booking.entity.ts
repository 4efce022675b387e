import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const BOOKING_STATUSES = ['PENDING', 'CONFIRMED', 'CANCELLED', 'EXPIRED', 'FAILED'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];
export const PAYMENT_STATUSES = ['PENDING', 'SUCCEEDED', 'FAILED', 'REFUNDED', 'PARTIALLY_REFUNDED'] as const;
export type BookingPaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const BookingSchema = defineEntity({
  name: 'Booking',
  tableName: 'bookings',
  properties: {
    id: p.uuid().primary(),
    reference: p.string().length(20),
    userId: p.uuid(),
    showId: p.uuid(),
    lockId: p.uuid(),
    currency: p.string().length(3),
    totalMinor: p.integer(),
    bookingFeeMinor: p.integer(),
    taxesMinor: p.integer(),
    /** The tax's name (GST) under the rule of the booking's currency; null when it has none. */
    taxName: p.string().length(20).nullable(),
    finalMinor: p.integer(),
    status: p.enum(BOOKING_STATUSES),
    paymentStatus: p.enum(PAYMENT_STATUSES),
    /** Whether inventory has turned the hold into seats kept for this booking (HoldConsumed). */
    holdState: p.enum(['WAITING', 'HELD', 'UNAVAILABLE'] as const),
    paymentId: p.text().nullable(),
    expiresAt: p.datetime(),
    /** When HOLD_EXPIRING was requested: each pending booking is warned once. */
    expiryWarnedAt: p.datetime().nullable(),
    showStartsAt: p.datetime(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
    confirmedAt: p.datetime().nullable(),
    cancelledAt: p.datetime().nullable(),
    cancellationReason: p.text().nullable(),
    refundMinor: p.integer().nullable(),
  },
});
export type Booking = InferEntity<typeof BookingSchema>;

export const BookingSeatSchema = defineEntity({
  name: 'BookingSeat',
  tableName: 'booking_seats',
  properties: {
    id: p.uuid().primary(),
    bookingId: p.uuid(),
    seatNumber: p.string().length(10),
    rowLabel: p.string().length(4),
    seatType: p.string().length(20),
    priceMinor: p.integer(),
    position: p.integer(),
  },
});
export type BookingSeat = InferEntity<typeof BookingSeatSchema>;

export const BookingStatusChangeSchema = defineEntity({
  name: 'BookingStatusChange',
  tableName: 'booking_status_history',
  properties: {
    id: p.uuid().primary(),
    bookingId: p.uuid(),
    fromStatus: p.enum(BOOKING_STATUSES).nullable(),
    status: p.enum(BOOKING_STATUSES),
    notes: p.text().nullable(),
    changedAt: p.datetime(),
  },
});
export type BookingStatusChange = InferEntity<typeof BookingStatusChangeSchema>;
