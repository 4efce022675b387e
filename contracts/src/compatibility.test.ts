import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { breakingChanges, currentEventShapes, type EventShapes } from './compatibility.ts';

const released = JSON.parse(
  readFileSync(new URL('../compatibility/released-event-shapes.json', import.meta.url), 'utf8'),
) as EventShapes;

const shapes = (schema: z.ZodType): EventShapes => ({ 'booking-events': { BookingCreated: z.toJSONSchema(schema) } });
const base = z.object({
  bookingId: z.uuid(),
  seats: z.array(z.object({ number: z.string() })),
  status: z.enum(['A', 'B']),
});

describe('event contracts', () => {
  it('every event type is compatible with the released shapes (only added optional fields)', () => {
    expect(breakingChanges(released, currentEventShapes())).toEqual([]);
  });

  it('accepts an added optional field, and a new event type', () => {
    const next = {
      ...shapes(base.extend({ note: z.string().optional() })),
      'user-events': { UserNew: z.toJSONSchema(z.object({})) },
    };
    expect(breakingChanges(shapes(base), next)).toEqual([]);
  });

  it('reports removed, retyped and newly required fields, narrowed enums and removed types', () => {
    expect(breakingChanges(shapes(base), shapes(base.omit({ status: true })))).toEqual([
      'booking-events BookingCreated.status: the field was removed',
    ]);
    expect(breakingChanges(shapes(base), shapes(base.extend({ note: z.string() })))).toEqual([
      'booking-events BookingCreated.note: a new field must be optional',
    ]);
    expect(breakingChanges(shapes(base), shapes(base.extend({ bookingId: z.number() })))).not.toEqual([]);
    expect(breakingChanges(shapes(base), shapes(base.extend({ status: z.enum(['A']) })))).not.toEqual([]);
    expect(
      breakingChanges(shapes(base), shapes(base.extend({ seats: z.array(z.object({ number: z.number() })) }))),
    ).not.toEqual([]);
    expect(breakingChanges(shapes(base), shapes(base.partial({ bookingId: true })))).toEqual([
      'booking-events BookingCreated.bookingId: the field became optional',
    ]);
    expect(breakingChanges(shapes(base), {})).toEqual(['booking-events BookingCreated: the event type was removed']);
  });
});
