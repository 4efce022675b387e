import { useLayoutEffect, useRef, useState, type CSSProperties, type KeyboardEvent } from 'react';
import { useI18n } from '../i18n/index.ts';
import { isSelectable, seatLabel, type RowView, type SeatView } from './seat-map-model.ts';

const ZOOM_LEVELS = [0.6, 0.75, 0.9, 1, 1.2, 1.45];
/** Index of 1 (life size) in ZOOM_LEVELS. */
const DEFAULT_ZOOM = 3;
const DEFAULT_ZOOM_LEVEL = 1;
const MIN_AUTO_ZOOM = 2;

interface SeatMapProps {
  rows: RowView[];
  /** "Screen this way" for cinemas, "Stage this way" for halls: where the audience looks. */
  facing: string;
  label: string;
  readOnly?: boolean;
  onToggle: (seat: SeatView) => void;
}

/**
 * The seat map as an ARIA grid: one tab stop (roving tabindex), arrow keys move between seats
 * — up and down to the nearest seat of the next row as drawn, across aisles and uneven rows —
 * Home and End to a row's ends, Enter or Space to select. Every seat is a button whose label
 * says row, number, type, price and state; seats that cannot be taken stay focusable (so the
 * map can be explored) but are aria-disabled.
 */
export function SeatMap({ rows, facing, label, readOnly = false, onToggle }: SeatMapProps) {
  const { t } = useI18n();
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const viewport = useRef<HTMLDivElement>(null);
  const [focusId, setFocusId] = useState<string | null>(null);
  const [zoomIndex, setZoomIndex] = useState(DEFAULT_ZOOM);

  // On a narrow screen start zoomed out towards the whole width, but not below seats a finger can
  // still hit (WCAG's 24 px targets, with the gaps); centred, so the screen is in view. The buttons
  // zoom further out for an overview.
  useLayoutEffect(() => {
    const box = viewport.current;
    if (!box) return;
    const fits = ZOOM_LEVELS.findLastIndex(
      (level) => level <= DEFAULT_ZOOM_LEVEL && box.scrollWidth * (level / DEFAULT_ZOOM_LEVEL) <= box.clientWidth,
    );
    setZoomIndex(Math.max(fits, MIN_AUTO_ZOOM));
  }, []);
  useLayoutEffect(() => {
    const box = viewport.current;
    if (box) box.scrollLeft = (box.scrollWidth - box.clientWidth) / 2;
  }, [zoomIndex]);

  const seatRows = rows.map((row) => row.cells.flatMap((cell) => (cell.kind === 'seat' ? [cell.seat] : [])));
  const allSeats = seatRows.flat();
  // The tab stop: the seat last focused, else the first one that can be taken.
  const tabStop =
    (focusId && allSeats.some((seat) => seat.id === focusId) ? focusId : undefined) ??
    allSeats.find(isSelectable)?.id ??
    allSeats[0]?.id;

  const focusSeat = (id: string | undefined) => {
    if (!id) return;
    setFocusId(id);
    buttons.current.get(id)?.focus();
  };

  /** The seat in another row nearest, as drawn, to `from`. */
  const nearestInRow = (rowIndex: number, from: SeatView) => {
    const origin = buttons.current.get(from.id)?.getBoundingClientRect();
    const candidates = seatRows[rowIndex] ?? [];
    if (!origin) return candidates[0];
    const centre = origin.left + origin.width / 2;
    let best: SeatView | undefined;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (const seat of candidates) {
      const box = buttons.current.get(seat.id)?.getBoundingClientRect();
      const distance = box ? Math.abs(box.left + box.width / 2 - centre) : Number.POSITIVE_INFINITY;
      if (distance < bestDistance) [best, bestDistance] = [seat, distance];
    }
    return best;
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const id = (event.target as HTMLElement).dataset.seat;
    if (!id) return;
    const rowIndex = seatRows.findIndex((row) => row.some((seat) => seat.id === id));
    const row = seatRows[rowIndex];
    const index = row?.findIndex((seat) => seat.id === id) ?? -1;
    const current = row?.[index];
    if (!row || !current) return;
    const step = (direction: 1 | -1) => {
      for (let next = rowIndex + direction; next >= 0 && next < seatRows.length; next += direction) {
        if ((seatRows[next]?.length ?? 0) > 0) return nearestInRow(next, current);
      }
      return undefined;
    };
    const target = {
      ArrowLeft: row[index - 1],
      ArrowRight: row[index + 1],
      ArrowUp: step(-1),
      ArrowDown: step(1),
      Home: event.ctrlKey ? allSeats[0] : row[0],
      End: event.ctrlKey ? allSeats.at(-1) : row.at(-1),
    }[event.key];
    if (event.key in { ArrowLeft: 1, ArrowRight: 1, ArrowUp: 1, ArrowDown: 1, Home: 1, End: 1 }) {
      event.preventDefault();
      focusSeat(target?.id);
    }
  };

  const zoom = ZOOM_LEVELS[zoomIndex] ?? DEFAULT_ZOOM_LEVEL;
  return (
    <div className="seat-map">
      <div className="seat-map__tools">
        <span className="seat-map__hint" id="seat-map-help">
          {t('seatMap.hint')}
        </span>
        <div className="seat-map__zoom" role="group" aria-label={t('seatMap.zoom')}>
          <button
            type="button"
            className="icon-button"
            onClick={() => setZoomIndex((index) => Math.max(0, index - 1))}
            disabled={zoomIndex === 0}
            aria-label={t('seatMap.zoomOut')}
          >
            −
          </button>
          <span className="seat-map__zoom-level" aria-live="polite">
            {Math.round(zoom * 100)}%
          </span>
          <button
            type="button"
            className="icon-button"
            onClick={() => setZoomIndex((index) => Math.min(ZOOM_LEVELS.length - 1, index + 1))}
            disabled={zoomIndex === ZOOM_LEVELS.length - 1}
            aria-label={t('seatMap.zoomIn')}
          >
            +
          </button>
        </div>
      </div>
      <div className="seat-map__viewport" ref={viewport} style={{ '--zoom': zoom } as CSSProperties}>
        <div className="seat-map__canvas">
          <div className="seat-map__facing" aria-hidden="true">
            <span>{facing}</span>
          </div>
          <div
            role="grid"
            aria-label={label}
            aria-describedby="seat-map-help"
            aria-readonly={readOnly || undefined}
            className="seat-map__grid"
            onKeyDown={onKeyDown}
          >
            {rows.map((row) => (
              <div role="row" className="seat-row" key={row.label}>
                <span role="rowheader" className="seat-row__label" aria-label={t('seat.row', { row: row.label })}>
                  {row.label}
                </span>
                {row.cells.map((cell) =>
                  cell.kind === 'seat' ? (
                    <span role="gridcell" key={cell.seat.id} className="seat-cell">
                      <button
                        type="button"
                        ref={(element) => {
                          if (element) buttons.current.set(cell.seat.id, element);
                          else buttons.current.delete(cell.seat.id);
                        }}
                        className={`seat seat--${cell.seat.state} seat--tier-${Math.min(cell.seat.tier, 5)}`}
                        data-seat={cell.seat.id}
                        data-state={cell.seat.state}
                        tabIndex={cell.seat.id === tabStop ? 0 : -1}
                        aria-label={seatLabel(cell.seat)}
                        aria-pressed={cell.seat.state === 'selected' || cell.seat.state === 'mine'}
                        aria-disabled={readOnly || !isSelectable(cell.seat) || undefined}
                        onFocus={() => setFocusId(cell.seat.id)}
                        onClick={() => !readOnly && isSelectable(cell.seat) && onToggle(cell.seat)}
                      >
                        <span aria-hidden="true">{cell.seat.state === 'sold' ? '' : cell.seat.number}</span>
                      </button>
                    </span>
                  ) : (
                    <span
                      key={cell.key}
                      className={`seat-cell seat-cell--${cell.kind.toLowerCase()}`}
                      aria-hidden="true"
                    />
                  ),
                )}
                <span className="seat-row__label seat-row__label--end" aria-hidden="true">
                  {row.label}
                </span>
              </div>
            ))}
          </div>
        </div>
      </div>
    </div>
  );
}
