import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** A show's own price for one seat type, fixed when it is scheduled. */
export interface SeatTypeShowPrice {
  seatType: string;
  priceTier: number;
  amountMinor: number;
}

export const ShowSchema = defineEntity({
  name: 'Show',
  tableName: 'shows',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    eventId: p.uuid(),
    screenId: p.uuid(),
    venueId: p.uuid(),
    city: p.string().length(100),
    startsAt: p.datetime(),
    endsAt: p.datetime(),
    blockedUntil: p.datetime(),
    basePriceMinor: p.integer(),
    currency: p.string().length(3).default('INR'),
    seatTypePrices: p.json<SeatTypeShowPrice[]>(),
    dynamicPricingEnabled: p.boolean().default(false),
    totalSeats: p.integer(),
    soldSeats: p.integer().default(0),
    status: p.enum(['SCHEDULED', 'CANCELLED'] as const).default('SCHEDULED'),
    cancellationReason: p.text().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
export type Show = InferEntity<typeof ShowSchema>;
