import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const ShowInventorySchema = defineEntity({
  name: 'ShowInventory',
  tableName: 'show_inventory',
  properties: {
    showId: p.uuid().primary(),
    eventId: p.uuid(),
    startsAt: p.datetime(),
    endsAt: p.datetime(),
    currency: p.string().length(3),
    status: p.enum(['ON_SALE', 'CANCELLED'] as const),
    version: p.integer(),
    totalSeats: p.integer(),
    available: p.integer(),
    locked: p.integer(),
    booked: p.integer(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
export type ShowInventory = InferEntity<typeof ShowInventorySchema>;
