import {
  encodeCursor,
  notFound,
  pageRequest,
  parseInput,
  query,
  queryOne,
  requireUuid,
  toConnection,
  type Connection,
  type EntityManager,
} from '@showstream/platform';
import { eventSchema, searchQuerySchema } from '../validation.ts';
import { EventSchema, type Event, type EventCategory } from './event.entity.ts';

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

/** SQL conditions and their parameters, built up clause by clause. */
class Conditions {
  readonly clauses: string[] = [];
  readonly params: unknown[] = [];

  add(clause: string, ...params: unknown[]): this {
    this.clauses.push(clause);
    this.params.push(...params);
    return this;
  }

  get sql(): string {
    return this.clauses.length ? this.clauses.join(' and ') : 'true';
  }
}

/** Every column the entity maps; `search_vector` stays in the database. */
const EVENT_COLUMNS = [
  'id',
  'title',
  'description',
  'category',
  'genres',
  'duration_minutes',
  'rating',
  'language',
  'release_date',
  'poster_url',
  'trailer_url',
  'is_active',
  'created_at',
  'updated_at',
]
  .map((column) => `e.${column}`)
  .join(', ');

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

  #filterConditions(filter: EventFilter | null | undefined, canSeeArchived: boolean): Conditions {
    const conditions = new Conditions();
    if (!(filter?.includeArchived && canSeeArchived)) conditions.add('e.is_active');
    if (filter?.category) conditions.add('e.category = ?', filter.category);
    if (filter?.genre) conditions.add('lower(?) = any (select lower(g) from unnest(e.genres) g)', filter.genre.trim());
    if (filter?.language) conditions.add('lower(e.language) = lower(?)', filter.language.trim());
    if (filter?.text?.trim()) {
      const text = parseInput(searchQuerySchema, filter.text, 'filter.text');
      conditions.add(
        "e.search_vector @@ (websearch_to_tsquery('simple', ?) || websearch_to_tsquery('english', ?))",
        text,
        text,
      );
    }
    if (filter?.city || filter?.from || filter?.to) {
      const shows = new Conditions().add("s.event_id = e.id and s.status = 'SCHEDULED'");
      if (filter.city) shows.add('lower(s.city) = lower(?)', filter.city.trim());
      shows.add('s.starts_at >= ?', filter.from ?? new Date());
      if (filter.to) shows.add('s.starts_at < ?', filter.to);
      conditions.add(`exists (select 1 from shows s where ${shows.sql})`, ...shows.params);
    }
    return conditions;
  }

  /** Browsing: newest first. */
  async list(
    filter: EventFilter | null | undefined,
    first: number | null | undefined,
    after: string | null | undefined,
    canSeeArchived: boolean,
  ): Promise<Connection<Event>> {
    const page = pageRequest(first, after);
    const conditions = this.#filterConditions(filter, canSeeArchived);
    const keyset = page.after ? ' and (e.created_at, e.id) < (?::timestamptz, ?::uuid)' : '';
    const keysetParams = page.after ? [page.after.sortValue, page.after.id] : [];
    const [rows, count] = await Promise.all([
      query<Record<string, unknown>>(
        this.#em,
        `select ${EVENT_COLUMNS} from events e where ${conditions.sql}${keyset} order by e.created_at desc, e.id desc limit ?`,
        [...conditions.params, ...keysetParams, page.first + 1],
      ),
      queryOne<{ total: number }>(
        this.#em,
        `select count(*)::int as total from events e where ${conditions.sql}`,
        conditions.params,
      ),
    ]);
    const events = rows.map((row) => this.#em.map(EventSchema, row));
    return toConnection(events, page, count.total, (event) => encodeCursor(event.createdAt.toISOString(), event.id));
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
    const conditions = this.#filterConditions(filter, canSeeArchived);
    const ranked = `
      select ${EVENT_COLUMNS}, round((ts_rank(e.search_vector, q.fts) + word_similarity(q.raw, lower(e.title)))::numeric, 6) as score
      from events e, (select websearch_to_tsquery('simple', ?) || websearch_to_tsquery('english', ?) as fts, ?::text as raw) q
      where (e.search_vector @@ q.fts or q.raw <% lower(e.title)) and ${conditions.sql}`;
    const rankedParams = [text, text, text, ...conditions.params];
    const keyset = page.after ? 'where (r.score, r.id) < (?::numeric, ?::uuid)' : '';
    const keysetParams = page.after ? [page.after.sortValue, page.after.id] : [];
    return this.#em.fork().transactional(async (tx) => {
      await query(tx, `select set_config('pg_trgm.word_similarity_threshold', ?, true)`, [String(TYPO_TOLERANCE)]);
      const [rows, count] = await Promise.all([
        query<Record<string, unknown> & { score: string }>(
          tx,
          `select * from (${ranked}) r ${keyset} order by r.score desc, r.id desc limit ?`,
          [...rankedParams, ...keysetParams, page.first + 1],
        ),
        queryOne<{ total: number }>(tx, `select count(*)::int as total from (${ranked}) r`, rankedParams),
      ]);
      const scored = rows.map((row) => ({ event: this.#em.map(EventSchema, row), score: String(row.score) }));
      const connection = toConnection(scored, page, count.total, (row) => encodeCursor(row.score, row.event.id));
      return { ...connection, edges: connection.edges.map((edge) => ({ cursor: edge.cursor, node: edge.node.event })) };
    });
  }
}
