import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { SeatingLayout } from './layout.ts';

export const ScreenSchema = defineEntity({
  name: 'Screen',
  tableName: 'screens',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    venueId: p.uuid(),
    name: p.string().length(100),
    capacity: p.integer(),
    screenType: p.string().length(50).nullable(),
    soundSystem: p.string().length(50).nullable(),
    seatingLayout: p.json<SeatingLayout>(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Screen = InferEntity<typeof ScreenSchema>;
