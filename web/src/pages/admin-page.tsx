import { useId, useState } from 'react';
import { useQuery } from 'urql';
import { AdminDashboardDocument, AdminRevenueDocument, CitiesDocument } from '@showstream/client-ops';
import { Spinner } from '../components/bits.tsx';
import { ProblemBanner } from '../components/problem.tsx';
import { describeError } from '../graphql/errors.ts';
import { useI18n } from '../i18n/index.ts';
import { formatMoney, formatNumber, formatPercent, formatShortDateTime, type Money } from '../lib/format.ts';
import { usePageTitle } from '../lib/use-page-title.ts';

const PERIODS = [{ days: 1 }, { days: 7 }, { days: 30 }] as const;
const DAY = 86_400_000;

/** The period's window: from the start of the local day `days - 1` ago to the end of today. */
function windowOf(days: number) {
  const start = new Date();
  start.setHours(0, 0, 0, 0);
  const from = new Date(start.getTime() - (days - 1) * DAY);
  return { from: from.toISOString(), to: new Date(start.getTime() + DAY).toISOString() };
}

/** The analytics dashboard (ADMIN and up): bookings, revenue, the hold → booking → payment funnel, occupancy, top events. */
export function AdminPage() {
  const { t, locale } = useI18n();
  const money = (amount: Money | null | undefined) => formatMoney(amount, locale);
  const number = (value: number) => formatNumber(value, locale);
  usePageTitle(t('admin.dashboard'));
  const [days, setDays] = useState<number>(7);
  const [city, setCity] = useState('');
  const cityId = useId();
  const [range] = useState(
    () => new Map<number, { from: string; to: string }>(PERIODS.map((period) => [period.days, windowOf(period.days)])),
  );
  const { from, to } = range.get(days) ?? windowOf(days);
  const filter = city ? { city } : null;
  const [cities] = useQuery({ query: CitiesDocument });
  const [{ data, fetching, error }, refresh] = useQuery({
    query: AdminDashboardDocument,
    variables: { from, to, filter, occupancyFirst: 10, topEventsFirst: 5 },
    requestPolicy: 'cache-and-network',
  });
  const [revenue] = useQuery({ query: AdminRevenueDocument, variables: { from, to, groupBy: 'DAY', filter } });
  const dashboard = data?.dashboard;

  return (
    <section aria-labelledby="admin-title" className="admin" aria-busy={fetching}>
      <div className="page-head">
        <h1 id="admin-title">{t('admin.dashboard')}</h1>
        <div className="admin__filters">
          <div className="segmented" role="group" aria-label={t('admin.period')}>
            {PERIODS.map((period) => (
              <button
                key={period.days}
                type="button"
                aria-pressed={days === period.days}
                onClick={() => setDays(period.days)}
              >
                {period.days === 1 ? t('admin.today') : t('admin.days', { count: period.days })}
              </button>
            ))}
          </div>
          <label htmlFor={cityId} className="visually-hidden">
            {t('common.city')}
          </label>
          <select id={cityId} value={city} onChange={(event) => setCity(event.target.value)}>
            <option value="">{t('common.allCities')}</option>
            {cities.data?.cities.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => refresh({ requestPolicy: 'network-only' })}
          >
            {t('admin.refresh')}
          </button>
        </div>
      </div>
      <ProblemBanner problem={error ? describeError(error, 'load') : null} />
      {!dashboard ? (
        fetching && <Spinner label={t('admin.loading')} />
      ) : (
        <>
          <div className="kpis">
            <Kpi
              label={t('admin.netRevenue')}
              value={money(dashboard.revenue.net)}
              detail={t('admin.capturedRefunded', {
                captured: money(dashboard.revenue.captured),
                refunded: money(dashboard.revenue.refunded),
              })}
            />
            <Kpi
              label={t('admin.confirmedBookings')}
              value={number(dashboard.bookings.confirmed)}
              detail={t('admin.tickets', {
                count: dashboard.bookings.ticketsSold,
                formatted: number(dashboard.bookings.ticketsSold),
              })}
            />
            <Kpi
              label={t('admin.averageTicket')}
              value={money(dashboard.averageTicketPrice)}
              detail={t('admin.beforeFees')}
            />
            <Kpi
              label={t('admin.seatsOnHold')}
              value={number(dashboard.activeHolds.seats)}
              detail={t('admin.activeHolds', {
                count: dashboard.activeHolds.holds,
                formatted: number(dashboard.activeHolds.holds),
              })}
            />
          </div>

          <div className="admin__grid">
            <section className="card" aria-labelledby="funnel-title">
              <h2 id="funnel-title">{t('admin.conversion')}</h2>
              <Funnel
                steps={[
                  { label: t('admin.seatHolds'), value: dashboard.funnel.seatHolds },
                  {
                    label: t('admin.bookingsCreated'),
                    value: dashboard.funnel.bookingsCreated,
                    rate: dashboard.funnel.holdToBookingRate,
                  },
                  {
                    label: t('admin.paymentsSucceeded'),
                    value: dashboard.funnel.paymentsSucceeded,
                    rate: dashboard.funnel.bookingToPaymentRate,
                  },
                ]}
              />
              <dl className="outcomes">
                {(['created', 'confirmed', 'cancelled', 'expired', 'failed'] as const).map((key) => (
                  <div key={key}>
                    <dt>{t(`admin.outcome.${key}`)}</dt>
                    <dd>{number(dashboard.bookings[key])}</dd>
                  </div>
                ))}
              </dl>
            </section>

            <section className="card" aria-labelledby="revenue-title">
              <h2 id="revenue-title">{t('admin.revenueByDay')}</h2>
              <RevenueChart
                points={(revenue.data?.revenue ?? []).flatMap((point) =>
                  point.periodStart ? [{ day: point.periodStart, net: point.net }] : [],
                )}
              />
            </section>
          </div>

          <section className="card" aria-labelledby="top-title">
            <h2 id="top-title">{t('admin.topEvents')}</h2>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('admin.event')}</th>
                  <th scope="col" className="num">
                    {t('admin.bookings')}
                  </th>
                  <th scope="col" className="num">
                    {t('admin.tickets')}
                  </th>
                  <th scope="col" className="num">
                    {t('admin.netRevenue')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {dashboard.topEvents.length === 0 && (
                  <tr>
                    <td colSpan={4} className="muted">
                      {t('admin.noBookings')}
                    </td>
                  </tr>
                )}
                {dashboard.topEvents.map((row) => (
                  <tr key={row.event.id}>
                    <th scope="row">{row.event.title}</th>
                    <td className="num">{number(row.confirmedBookings)}</td>
                    <td className="num">{number(row.ticketsSold)}</td>
                    <td className="num">{money(row.revenue.net)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>

          <section className="card" aria-labelledby="occupancy-title">
            <h2 id="occupancy-title">{t('admin.occupancy')}</h2>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('admin.show')}</th>
                  <th scope="col">{t('common.city')}</th>
                  <th scope="col" className="num">
                    {t('admin.sold')}
                  </th>
                  <th scope="col">{t('admin.occupancy')}</th>
                </tr>
              </thead>
              <tbody>
                {dashboard.occupancy.length === 0 && (
                  <tr>
                    <td colSpan={4} className="muted">
                      {t('admin.noShows')}
                    </td>
                  </tr>
                )}
                {dashboard.occupancy.map((row) => (
                  <tr key={row.show.id}>
                    <th scope="row">
                      {row.event.title}
                      <span className="muted">
                        {' '}
                        · {formatShortDateTime(row.show.startsAt, row.show.localStartsAt, locale)}
                      </span>
                      {row.cancelled && <span className="pill pill--cancelled">{t('admin.cancelled')}</span>}
                    </th>
                    <td>{row.city ?? '—'}</td>
                    <td className="num">
                      {number(row.seatsSold)}
                      {row.seatsTotal != null && ` / ${number(row.seatsTotal)}`}
                    </td>
                    <td>
                      <span className="meter" aria-hidden="true">
                        <span style={{ width: `${Math.min(100, (row.occupancyRate ?? 0) * 100)}%` }} />
                      </span>{' '}
                      {formatPercent(row.occupancyRate, locale)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
    </section>
  );
}

function Kpi({ label, value, detail }: { label: string; value: string; detail: string }) {
  return (
    <div className="card kpi">
      <span className="kpi__label">{label}</span>
      <span className="kpi__value">{value}</span>
      <span className="kpi__detail">{detail}</span>
    </div>
  );
}

function Funnel({ steps }: { steps: { label: string; value: number; rate?: number | null }[] }) {
  const { t, locale } = useI18n();
  const top = Math.max(1, ...steps.map((step) => step.value));
  return (
    <ol className="funnel">
      {steps.map((step) => (
        <li key={step.label}>
          <span className="funnel__label">
            {step.label}
            {step.rate !== undefined && (
              <span className="muted"> · {t('admin.ofStepBefore', { percent: formatPercent(step.rate, locale) })}</span>
            )}
          </span>
          <span className="funnel__bar" aria-hidden="true">
            <span style={{ width: `${(step.value / top) * 100}%` }} />
          </span>
          <span className="funnel__value">{formatNumber(step.value, locale)}</span>
        </li>
      ))}
    </ol>
  );
}

/** Bars per day, with the figures in a table for screen readers (the bars are decoration). */
function RevenueChart({ points }: { points: { day: string; net: Money }[] }) {
  const { t, locale } = useI18n();
  const byDay = new Map<string, Money>();
  for (const point of points) {
    const previous = byDay.get(point.day);
    byDay.set(
      point.day,
      previous ? { ...previous, amountMinor: previous.amountMinor + point.net.amountMinor } : point.net,
    );
  }
  const days = [...byDay.entries()].sort(([a], [b]) => a.localeCompare(b));
  if (days.length === 0) return <p className="muted">{t('admin.noRevenue')}</p>;
  const top = Math.max(1, ...days.map(([, money]) => money.amountMinor));
  const label = (day: string) => new Date(day).toLocaleDateString(locale, { day: 'numeric', month: 'short' });
  return (
    <>
      <div className="chart" aria-hidden="true">
        {days.map(([day, money]) => (
          <div key={day} className="chart__col" title={`${label(day)}: ${formatMoney(money, locale)}`}>
            <span className="chart__bar" style={{ height: `${Math.max(2, (money.amountMinor / top) * 100)}%` }} />
            <span className="chart__label">{label(day)}</span>
          </div>
        ))}
      </div>
      <table className="visually-hidden">
        <caption>{t('admin.revenueByDay')}</caption>
        <tbody>
          {days.map(([day, money]) => (
            <tr key={day}>
              <th scope="row">{label(day)}</th>
              <td>{formatMoney(money, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
