import { notFound, query, requireUuid, type EntityManager } from '@showstream/platform';
import { seatView, type SeatView } from './seat.entity.ts';

export interface SeatMapView {
  showId: string;
  version: number;
  currency: string;
  seats: SeatView[];
  available: number;
  locked: number;
  booked: number;
}

interface SeatMapRow {
  seat_number: string;
  row_label: string;
  seat_type: string;
  price_minor: number;
  status: SeatView['status'];
  /** Raw queries return timestamps as strings. */
  locked_until: string | null;
  held_price_minor: number | null;
  version: number;
  currency: string;
}

/** Reads a show's seat map in one statement, so seats and version come from one snapshot. */
export class SeatMapService {
  readonly #em: EntityManager;

  constructor(em: EntityManager) {
    this.#em = em;
  }

  async seatMap(showId: string): Promise<SeatMapView> {
    requireUuid(showId, 'Show');
    const rows = await query<SeatMapRow>(
      this.#em,
      `select s.seat_number, s.row_label, s.seat_type, s.price_minor, s.status, s.locked_until, s.held_price_minor, si.version, si.currency
       from seat_inventory s join show_inventory si on si.show_id = s.show_id
       where s.show_id = ? order by s.position`,
      [showId],
    );
    const [first] = rows;
    if (!first) throw notFound('Show', showId);
    const now = Date.now();
    const seats = rows.map((row) =>
      seatView(
        {
          seatNumber: row.seat_number,
          rowLabel: row.row_label,
          seatType: row.seat_type,
          priceMinor: row.price_minor,
          status: row.status,
          lockedUntil: row.locked_until === null ? null : new Date(row.locked_until),
          heldPriceMinor: row.held_price_minor,
        },
        now,
      ),
    );
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
