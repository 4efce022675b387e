import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const VenueSchema = defineEntity({
  name: 'Venue',
  tableName: 'venues',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    name: p.string().length(255),
    address: p.text().nullable(),
    city: p.string().length(100),
    state: p.string().length(100).nullable(),
    postalCode: p.string().length(20).nullable(),
    phone: p.string().length(20).nullable(),
    facilities: p.json<string[]>(),
    /** An IANA zone name (checked by the service): show times are local to it. */
    timeZone: p.string().length(64),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
export type Venue = InferEntity<typeof VenueSchema>;
