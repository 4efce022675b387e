import type { SeatCellFragment, ShowDetailsQuery } from '@showstream/client-ops';
import { i18n, localeOf } from '../i18n/index.ts';
import { formatMoney, humanize, type Money } from '../lib/format.ts';

export type Layout = NonNullable<ShowDetailsQuery['show']>['screen']['layout'];

/** What a seat is to the person looking at it. */
export type SeatState = 'available' | 'selected' | 'mine' | 'held' | 'sold' | 'blocked';

export interface SeatView {
  /** The seat's label, e.g. C7: what lockSeats takes. */
  id: string;
  row: string;
  /** The seat's number within its row, e.g. 7. */
  number: string;
  seatType: string;
  /** Tier of the seat type (1 = base), for its colour. */
  tier: number;
  price: Money | null;
  state: SeatState;
}

export type CellView = { kind: 'seat'; seat: SeatView } | { kind: 'GAP' | 'AISLE'; key: string };

export interface RowView {
  label: string;
  cells: CellView[];
}

/**
 * The screen's real layout (rows, gaps, aisles and seat types from the catalogue) with each
 * seat's live status and price from inventory. A seat in the layout that inventory does not
 * sell (`sellable: false`) is drawn but never offered.
 */
export function buildRows(
  layout: Layout,
  seats: ReadonlyMap<string, SeatCellFragment>,
  selected: ReadonlySet<string>,
  mine: ReadonlySet<string>,
): RowView[] {
  const tiers = new Map(layout.seatTypes.map((type) => [type.seatType, type.priceTier]));
  return layout.rows.map((row) => ({
    label: row.label,
    cells: row.cells.map((cell, index): CellView => {
      if (cell.kind !== 'SEAT' || !cell.label)
        return { kind: cell.kind === 'GAP' ? 'GAP' : 'AISLE', key: `${row.label}-${index}` };
      const live = cell.sellable ? seats.get(cell.label) : undefined;
      const seatType = live?.seatType ?? cell.seatType ?? 'STANDARD';
      return {
        kind: 'seat',
        seat: {
          id: cell.label,
          row: row.label,
          number:
            cell.label.startsWith(row.label) && cell.label.length > row.label.length
              ? cell.label.slice(row.label.length)
              : cell.label,
          seatType,
          tier: tiers.get(seatType) ?? 1,
          price: live?.price ?? null,
          state: seatState(live, cell.label, selected, mine),
        },
      };
    }),
  }));
}

function seatState(
  live: SeatCellFragment | undefined,
  id: string,
  selected: ReadonlySet<string>,
  mine: ReadonlySet<string>,
): SeatState {
  switch (live?.status) {
    case 'AVAILABLE':
      return selected.has(id) ? 'selected' : 'available';
    case 'LOCKED':
      return mine.has(id) ? 'mine' : 'held';
    case 'BOOKED':
      return 'sold';
    default:
      return 'blocked';
  }
}

/** A seat type's name in the current language: PREMIUM → Premium (प्रीमियम); one we have no words for reads humanized. */
export const seatTypeName = (seatType: string): string =>
  i18n.t(`seatType.${seatType}`, { defaultValue: humanize(seatType) });

/** "Row C seat 7, Premium, ₹350, available": everything a sighted buyer reads off the map, in the current language. */
export function seatLabel(seat: SeatView): string {
  const words = {
    row: seat.row,
    number: seat.number,
    type: seatTypeName(seat.seatType),
    state: i18n.t(`seat.state.${seat.state}`),
  };
  return seat.price && seat.state !== 'blocked'
    ? i18n.t('seat.labelWithPrice', { ...words, price: formatMoney(seat.price, localeOf(i18n.language)) })
    : i18n.t('seat.label', words);
}

export const isSelectable = (seat: SeatView) => seat.state === 'available' || seat.state === 'selected';
