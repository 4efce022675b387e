import { formatMoney, humanize, type Money } from '../lib/format.ts';

interface SeatTypeEntry {
  seatType: string;
  tier: number;
  price: Money | null;
}

/** What the colours and marks of the seat map mean, with each seat type's current price. */
export function SeatLegend({ types }: { types: SeatTypeEntry[] }) {
  return (
    <div className="seat-legend">
      <ul className="seat-legend__types" aria-label="Seat types and prices">
        {[...types]
          .sort((a, b) => b.tier - a.tier)
          .map((type) => (
            <li key={type.seatType}>
              <span
                className={`seat seat--available seat--tier-${Math.min(type.tier, 5)} seat--swatch`}
                aria-hidden="true"
              />
              <span className="seat-legend__name">{humanize(type.seatType)}</span>
              <span className="seat-legend__price">{formatMoney(type.price)}</span>
            </li>
          ))}
      </ul>
      <ul className="seat-legend__states" aria-label="Seat states">
        <li>
          <span className="seat seat--selected seat--tier-1 seat--swatch" aria-hidden="true" /> Selected
        </li>
        <li>
          <span className="seat seat--mine seat--tier-1 seat--swatch" aria-hidden="true" /> Held for you
        </li>
        <li>
          <span className="seat seat--held seat--swatch" aria-hidden="true" /> Unavailable
        </li>
        <li>
          <span className="seat seat--sold seat--swatch" aria-hidden="true" /> Sold
        </li>
      </ul>
    </div>
  );
}
