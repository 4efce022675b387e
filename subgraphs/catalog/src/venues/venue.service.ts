import {
  badInput,
  encodeCursor,
  escapeLike,
  notFound,
  pageRequest,
  parseInput,
  requireTimeZone,
  run,
  requireUuid,
  toConnection,
  type Connection,
  type EntityManager,
} from '@showstream/platform';
import { venueSchema } from '../validation.ts';
import { VenueSchema, type Venue } from './venue.entity.ts';
import { cities } from './venues.queries.ts';

/** Venues: where screens are. Listing is by city, alphabetical. */
export class VenueService {
  readonly #em: EntityManager;

  constructor(em: EntityManager) {
    this.#em = em;
  }

  async create(input: unknown): Promise<Venue> {
    const data = parseInput(venueSchema, input);
    requireTimeZone(data.timeZone);
    const em = this.#em.fork();
    const venue = em.create(VenueSchema, { ...data, facilities: data.facilities ?? [] });
    await em.flush();
    return venue;
  }

  async update(id: string, input: unknown): Promise<Venue> {
    const data = parseInput(venueSchema, input);
    requireTimeZone(data.timeZone);
    const em = this.#em.fork();
    const venue = await em.findOne(VenueSchema, { id: requireUuid(id, 'Venue') });
    if (!venue) throw notFound('Venue', id);
    em.assign(venue, { ...data, facilities: data.facilities ?? [] });
    await em.flush();
    return venue;
  }

  async list(
    city: string | null | undefined,
    first: number | null | undefined,
    after: string | null | undefined,
  ): Promise<Connection<Venue>> {
    const page = pageRequest(first, after);
    if (city && city.length > 100) throw badInput('city is too long.', 'city');
    const cityFilter = city ? { city: { $ilike: escapeLike(city.trim()) } } : {};
    const cursor = page.after
      ? { $or: [{ name: { $gt: page.after.sortValue } }, { name: page.after.sortValue, id: { $gt: page.after.id } }] }
      : {};
    const [rows, totalCount] = await Promise.all([
      this.#em.find(
        VenueSchema,
        { $and: [cityFilter, cursor] },
        { orderBy: { name: 'asc', id: 'asc' }, limit: page.first + 1 },
      ),
      this.#em.fork().count(VenueSchema, cityFilter),
    ]);
    return toConnection(rows, page, totalCount, (venue) => encodeCursor(venue.name, venue.id));
  }

  async cities(): Promise<string[]> {
    const rows = await run(this.#em, cities, undefined);
    return rows.map((row) => row.city);
  }
}
