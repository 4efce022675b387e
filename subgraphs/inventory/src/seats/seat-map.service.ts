import { notFound, requireUuid, run, type EntityManager } from '@showstream/platform';
import { seatView, type SeatView } from './seat.entity.ts';
import { readSeatMap } from './seats.queries.ts';

export interface SeatMapView {
  showId: string;
  version: number;
  currency: string;
  seats: SeatView[];
  available: number;
  locked: number;
  booked: number;
}

/** Reads a show's seat map in one statement, so seats and version come from one snapshot. */
export class SeatMapService {
  readonly #em: EntityManager;

  constructor(em: EntityManager) {
    this.#em = em;
  }

  async seatMap(showId: string): Promise<SeatMapView> {
    requireUuid(showId, 'Show');
    const rows = await run(this.#em, readSeatMap, { showId });
    const [first] = rows;
    if (!first) throw notFound('Show', showId);
    const options = { now: Date.now() };
    const seats = rows.map((row) => seatView(row, options));
    const count = (status: SeatView['status']) => seats.filter((seat) => seat.status === status).length;
    return {
      showId,
      version: first.version,
      currency: first.currency,
      seats,
      available: count('AVAILABLE'),
      locked: count('LOCKED'),
      booked: count('BOOKED'),
    };
  }
}
