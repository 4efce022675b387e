import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { badInput, conflict, notFound, parseInput, requireUuid, type EntityManager } from '@showstream/platform';
import { screenSchema } from '../validation.ts';
import { VenueSchema } from '../venues/venue.entity.ts';
import { parseLayout, sellableSeats } from './layout.ts';
import { ScreenSchema, type Screen } from './screen.entity.ts';

/** Screens and their seating layouts. A layout is fixed once added: shows sell its seats. */
export class ScreenService {
  readonly #em: EntityManager;

  constructor(em: EntityManager) {
    this.#em = em;
  }

  async add(venueId: string, input: unknown): Promise<Screen> {
    const data = parseInput(screenSchema, input);
    const layout = parseLayout(data.layout);
    const capacity = sellableSeats(layout).length;
    if (data.capacity != null && data.capacity !== capacity) {
      throw badInput(`capacity is ${data.capacity} but the layout has ${capacity} sellable seats.`, 'capacity');
    }
    const em = this.#em.fork();
    const venue = await em.findOne(VenueSchema, { id: requireUuid(venueId, 'Venue') });
    if (!venue) throw notFound('Venue', venueId);
    const screen = em.create(ScreenSchema, {
      venueId: venue.id,
      name: data.name,
      capacity,
      screenType: data.screenType ?? null,
      soundSystem: data.soundSystem ?? null,
      seatingLayout: layout,
    });
    try {
      await em.flush();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException)
        throw conflict(`${venue.name} already has a screen called ${data.name}.`, { field: 'name' });
      throw error;
    }
    return screen;
  }
}
