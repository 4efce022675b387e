import { z } from 'zod';
import { badInput, parseInput } from '@showstream/platform';

export type LayoutCellKind = 'SEAT' | 'GAP' | 'AISLE';

export interface LayoutCell {
  kind: LayoutCellKind;
  label: string | null;
  seatType: string | null;
  sellable: boolean;
}

export interface SeatRow {
  label: string;
  cells: LayoutCell[];
}

export interface SeatTypeTier {
  seatType: string;
  priceTier: number;
}

/** What `screens.seating_layout` holds: rows of cells left to right, and the screen's seat types. */
export interface SeatingLayout {
  rows: SeatRow[];
  seatTypes: SeatTypeTier[];
}

/** A seat that can be sold, as inventory needs it. */
export interface SellableSeat {
  number: string;
  row: string;
  seatType: string;
}

export const MAX_PRICE_TIER = 5;

const cellSchema = z.object({
  kind: z
    .enum(['SEAT', 'GAP', 'AISLE'])
    .nullish()
    .transform((kind) => kind ?? 'SEAT'),
  label: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{1,8}$/, 'Seat labels are 1 to 8 letters, digits or dashes, e.g. A7.')
    .nullish(),
  seatType: z.string().trim().nullish(),
  sellable: z
    .boolean()
    .nullish()
    .transform((sellable) => sellable ?? true),
});

const layoutSchema = z.object({
  rows: z
    .array(
      z.object({
        label: z
          .string()
          .trim()
          .regex(/^[A-Za-z0-9]{1,4}$/, 'Row labels are 1 to 4 letters or digits, e.g. A or AA.'),
        cells: z.array(cellSchema).min(1, 'A row needs at least one cell.').max(200, 'A row has at most 200 cells.'),
      }),
    )
    .min(1, 'A layout needs at least one row.')
    .max(100, 'A layout has at most 100 rows.'),
  seatTypes: z
    .array(
      z.object({
        seatType: z
          .string()
          .trim()
          .regex(/^[A-Z][A-Z_]{1,19}$/, 'Seat types are upper-case words such as RECLINER or NORMAL.'),
        priceTier: z.number().int().min(1).max(MAX_PRICE_TIER, `Price tiers run from 1 to ${MAX_PRICE_TIER}.`),
      }),
    )
    .min(1, 'A layout needs at least one seat type.')
    .max(10, 'A layout has at most 10 seat types.'),
});

/**
 * Validates a layout and returns it normalised: seat labels upper-cased and unique, every seat of
 * a declared type, gaps and aisles carrying no label, and at least one sellable seat.
 * Errors name the offending field, e.g. `layout.rows.2.cells.5.label`.
 */
export function parseLayout(input: unknown, field = 'layout'): SeatingLayout {
  const parsed = parseInput(layoutSchema, input, field);
  const seatTypes = new Set<string>();
  parsed.seatTypes.forEach((type, index) => {
    if (seatTypes.has(type.seatType))
      throw badInput(`Seat type ${type.seatType} is listed twice.`, `${field}.seatTypes.${index}.seatType`);
    seatTypes.add(type.seatType);
  });
  const rowLabels = new Set<string>();
  const seatLabels = new Set<string>();
  let sellable = 0;
  const rows = parsed.rows.map((row, rowIndex) => {
    const rowLabel = row.label.toUpperCase();
    if (rowLabels.has(rowLabel)) throw badInput(`Row ${rowLabel} appears twice.`, `${field}.rows.${rowIndex}.label`);
    rowLabels.add(rowLabel);
    const cells = row.cells.map((cell, cellIndex): LayoutCell => {
      const at = `${field}.rows.${rowIndex}.cells.${cellIndex}`;
      if (cell.kind !== 'SEAT') return { kind: cell.kind, label: null, seatType: null, sellable: false };
      if (!cell.label) throw badInput('Every seat needs a label.', `${at}.label`);
      const label = cell.label.toUpperCase();
      if (seatLabels.has(label)) throw badInput(`Seat ${label} appears twice.`, `${at}.label`);
      seatLabels.add(label);
      if (!cell.seatType || !seatTypes.has(cell.seatType)) {
        throw badInput(
          `Seat ${label} needs one of the layout's seat types (${[...seatTypes].join(', ')}).`,
          `${at}.seatType`,
        );
      }
      if (cell.sellable) sellable++;
      return { kind: 'SEAT', label, seatType: cell.seatType, sellable: cell.sellable };
    });
    return { label: rowLabel, cells };
  });
  if (sellable === 0) throw badInput('The layout has no sellable seats.', `${field}.rows`);
  return { rows, seatTypes: parsed.seatTypes };
}

export function sellableSeats(layout: SeatingLayout): SellableSeat[] {
  return layout.rows.flatMap((row) =>
    // parseLayout gave every seat a label and a seat type; gaps and aisles have neither.
    row.cells.flatMap((cell) =>
      cell.kind === 'SEAT' && cell.sellable && cell.label && cell.seatType
        ? [{ number: cell.label, row: row.label, seatType: cell.seatType }]
        : [],
    ),
  );
}
