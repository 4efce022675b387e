import {
  encodeCursor,
  notFound,
  pageRequest,
  parseInput,
  run,
  requireUuid,
  toConnection,
  type Connection,
  type EntityManager,
} from '@showstream/platform';
import { eventSchema, searchQuerySchema } from '../validation.ts';
import { EVENT_CATEGORIES, EventSchema, type Event, type EventCategory } from './event.entity.ts';
import {
  eventsPage,
  searchEventsPage,
  setTypoTolerance,
  type EventsPageParams,
  type EventsPageResult,
} from './events.queries.ts';

export interface EventFilter {
  category?: EventCategory | null;
  genre?: string | null;
  language?: string | null;
  city?: string | null;
  from?: Date | null;
  to?: Date | null;
  text?: string | null;
  includeArchived?: boolean | null;
}

const isEventCategory = (value: string): value is EventCategory => EVENT_CATEGORIES.some((known) => known === value);

/** A page's row as an entity; undefined for the total's own row of an empty page. */
function eventOf(em: EntityManager, row: EventsPageResult): Event | undefined {
  if (!row.id) return undefined;
  // The column's check constraint allows only these; anything else is a bug to hear about.
  if (!isEventCategory(row.category)) throw new Error(`event ${row.id} has an unknown category ${row.category}`);
  return em.map(EventSchema, {
    id: row.id,
    title: row.title,
    description: row.description,
    category: row.category,
    genres: row.genres,
    duration_minutes: row.duration_minutes,
    rating: row.rating,
    language: row.language,
    release_date: row.release_date,
    poster_url: row.poster_url,
    trailer_url: row.trailer_url,
    is_active: row.is_active,
    created_at: row.created_at,
    updated_at: row.updated_at,
  });
}

/** How close a misspelling may be (pg_trgm word similarity) and still match. */
const TYPO_TOLERANCE = 0.45;

/** Events (movies, concerts, plays…): management, filtered browsing and ranked search. */
export class EventService {
  readonly #em: EntityManager;

  constructor(em: EntityManager) {
    this.#em = em;
  }

  async create(input: unknown): Promise<Event> {
    const data = parseInput(eventSchema, input);
    const em = this.#em.fork();
    const event = em.create(EventSchema, { ...this.#columns(data) });
    await em.flush();
    return event;
  }

  async update(id: string, input: unknown): Promise<Event> {
    const data = parseInput(eventSchema, input);
    const em = this.#em.fork();
    const event = await em.findOne(EventSchema, { id: requireUuid(id, 'Event') });
    if (!event) throw notFound('Event', id);
    em.assign(event, this.#columns(data));
    await em.flush();
    return event;
  }

  #columns(data: ReturnType<typeof eventSchema.parse>) {
    return {
      title: data.title,
      description: data.description ?? null,
      category: data.category,
      genres: data.genres ?? [],
      durationMinutes: data.durationMinutes ?? null,
      rating: data.rating ?? null,
      language: data.language ?? null,
      releaseDate: data.releaseDate ?? null,
      posterUrl: data.posterUrl ?? null,
      trailerUrl: data.trailerUrl ?? null,
    };
  }

  async archive(id: string): Promise<Event> {
    const em = this.#em.fork();
    const event = await em.findOne(EventSchema, { id: requireUuid(id, 'Event') });
    if (!event) throw notFound('Event', id);
    event.isActive = false;
    await em.flush();
    return event;
  }

  /** The filter as the statements' parameters: a null one does not filter. */
  #filterParams(filter: EventFilter | null | undefined, canSeeArchived: boolean) {
    const text = filter?.text?.trim() ? parseInput(searchQuerySchema, filter.text, 'filter.text') : null;
    return {
      includeArchived: Boolean(filter?.includeArchived && canSeeArchived),
      category: filter?.category ?? null,
      genre: filter?.genre ? filter.genre.trim() : null,
      language: filter?.language ? filter.language.trim() : null,
      text,
      // Shows filter only when asked to; then only shows still to come, unless `from` says otherwise.
      showsFilter: Boolean(filter?.city || filter?.from || filter?.to),
      city: filter?.city ? filter.city.trim() : null,
      from: filter?.from ?? new Date(),
      to: filter?.to ?? null,
    } satisfies Omit<EventsPageParams, 'limit' | 'afterId' | 'afterCreatedAt'>;
  }

  /** Browsing: newest first. */
  async list(
    filter: EventFilter | null | undefined,
    first: number | null | undefined,
    after: string | null | undefined,
    canSeeArchived: boolean,
  ): Promise<Connection<Event>> {
    const page = pageRequest(first, after);
    const rows = await run(this.#em, eventsPage, {
      ...this.#filterParams(filter, canSeeArchived),
      afterCreatedAt: page.after?.sortValue ?? null,
      afterId: page.after?.id ?? null,
      limit: page.first + 1,
    });
    const events = rows.flatMap((row) => eventOf(this.#em, row) ?? []);
    const total = rows[0]?.total ?? 0;
    return toConnection(events, page, total, (event) => encodeCursor(event.createdAt.toISOString(), event.id));
  }

  /**
   * Ranked search: full-text rank on title (A), genres and language (B) and description (C),
   * plus trigram word similarity on the title so misspellings still find it. Both are served
   * by GIN indexes. Results page by (score, id).
   */
  async search(
    searchText: string,
    filter: EventFilter | null | undefined,
    first: number | null | undefined,
    after: string | null | undefined,
    canSeeArchived: boolean,
  ): Promise<Connection<Event>> {
    const text = parseInput(searchQuerySchema, searchText, 'query').toLowerCase();
    const page = pageRequest(first, after);
    return this.#em.fork().transactional(async (tx) => {
      await run(tx, setTypoTolerance, { threshold: String(TYPO_TOLERANCE) });
      const rows = await run(tx, searchEventsPage, {
        ...this.#filterParams(filter, canSeeArchived),
        search: text,
        afterScore: page.after?.sortValue ?? null,
        afterId: page.after?.id ?? null,
        limit: page.first + 1,
      });
      const scored = rows.flatMap((row) => {
        const event = eventOf(this.#em, row);
        return event && row.score !== null ? [{ event, score: row.score }] : [];
      });
      const total = rows[0]?.total ?? 0;
      const connection = toConnection(scored, page, total, (row) => encodeCursor(row.score, row.event.id));
      return { ...connection, edges: connection.edges.map((edge) => ({ cursor: edge.cursor, node: edge.node.event })) };
    });
  }
}
