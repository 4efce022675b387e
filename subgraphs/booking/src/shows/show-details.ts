import { ShowFacts } from '@showstream/contracts';
import { run, type EntityManager, type InternalClient } from '@showstream/platform';
import { recordShow, showOf } from './shows.queries.ts';

/**
 * What booking tells a buyer about their show (title, venue, local time): from ShowScheduled, or
 * from catalog, which owns shows, when the projection has not seen it (a show scheduled before
 * ShowScheduled carried its venue, or a consumer behind). The answer is recorded like the event.
 */
export class ShowDetails {
  readonly #catalog: InternalClient;

  constructor(catalog: InternalClient) {
    this.#catalog = catalog;
  }

  /** ShowScheduled's facts, when the event carries them all. */
  static async record(tx: EntityManager, show: Partial<ShowFacts> & Pick<ShowFacts, 'showId'>): Promise<void> {
    const facts = ShowFacts.safeParse(show);
    if (facts.success) await run(tx, recordShow, facts.data);
  }

  /** Throws (so the event is retried) when catalog cannot say. */
  async of(tx: EntityManager, showId: string): Promise<ShowFacts> {
    const [known] = await run(tx, showOf, { showId });
    if (known) {
      return {
        ...known,
        startsAt: new Date(known.startsAt).toISOString(),
        endsAt: new Date(known.endsAt).toISOString(),
      };
    }
    const answer = ShowFacts.parse(await this.#catalog.get(`/shows/${showId}`));
    await run(tx, recordShow, answer);
    return answer;
  }
}
