import { useI18n } from '../i18n/index.ts';
import { formatMoney, type Money } from '../lib/format.ts';
import { seatTypeName } from './seat-map-model.ts';

interface SeatTypeEntry {
  seatType: string;
  tier: number;
  price: Money | null;
}

/** What the colours and marks of the seat map mean, with each seat type's current price. */
export function SeatLegend({ types }: { types: SeatTypeEntry[] }) {
  const { t, locale } = useI18n();
  return (
    <div className="seat-legend">
      <ul className="seat-legend__types" aria-label={t('legend.types')}>
        {[...types]
          .sort((a, b) => b.tier - a.tier)
          .map((type) => (
            <li key={type.seatType}>
              <span
                className={`seat seat--available seat--tier-${Math.min(type.tier, 5)} seat--swatch`}
                aria-hidden="true"
              />
              <span className="seat-legend__name">{seatTypeName(type.seatType)}</span>
              <span className="seat-legend__price">{formatMoney(type.price, locale)}</span>
            </li>
          ))}
      </ul>
      <ul className="seat-legend__states" aria-label={t('legend.states')}>
        <li>
          <span className="seat seat--selected seat--tier-1 seat--swatch" aria-hidden="true" /> {t('legend.selected')}
        </li>
        <li>
          <span className="seat seat--mine seat--tier-1 seat--swatch" aria-hidden="true" /> {t('legend.heldForYou')}
        </li>
        <li>
          <span className="seat seat--held seat--swatch" aria-hidden="true" /> {t('legend.unavailable')}
        </li>
        <li>
          <span className="seat seat--sold seat--swatch" aria-hidden="true" /> {t('legend.sold')}
        </li>
      </ul>
    </div>
  );
}
