import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const EVENT_CATEGORIES = ['MOVIE', 'CONCERT', 'PLAY', 'SPORTS', 'COMEDY', 'OTHER'] as const;
export type EventCategory = (typeof EVENT_CATEGORIES)[number];

export const EventSchema = defineEntity({
  name: 'Event',
  tableName: 'events',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    title: p.string().length(255),
    description: p.text().nullable(),
    category: p.enum(EVENT_CATEGORIES),
    genres: p.array(),
    durationMinutes: p.integer().nullable(),
    rating: p.string().length(10).nullable(),
    language: p.string().length(50).nullable(),
    releaseDate: p.string().columnType('date').nullable(),
    posterUrl: p.string().length(500).nullable(),
    trailerUrl: p.string().length(500).nullable(),
    isActive: p.boolean().default(true),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
export type Event = InferEntity<typeof EventSchema>;
