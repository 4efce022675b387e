import { useId, useState } from 'react';
import { useQuery } from 'urql';
import { AdminDashboardDocument, AdminRevenueDocument, CitiesDocument } from '@showstream/client-ops';
import { Spinner } from '../components/bits.tsx';
import { ProblemBanner } from '../components/problem.tsx';
import { describeError } from '../graphql/errors.ts';
import { formatMoney, formatNumber, formatPercent, formatShortDateTime, type Money } from '../lib/format.ts';
import { usePageTitle } from '../lib/use-page-title.ts';

const PERIODS = [
  { days: 1, label: 'Today' },
  { days: 7, label: '7 days' },
  { days: 30, label: '30 days' },
] as const;
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
  usePageTitle('Dashboard');
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
        <h1 id="admin-title">Dashboard</h1>
        <div className="admin__filters">
          <div className="segmented" role="group" aria-label="Period">
            {PERIODS.map((period) => (
              <button
                key={period.days}
                type="button"
                aria-pressed={days === period.days}
                onClick={() => setDays(period.days)}
              >
                {period.label}
              </button>
            ))}
          </div>
          <label htmlFor={cityId} className="visually-hidden">
            City
          </label>
          <select id={cityId} value={city} onChange={(event) => setCity(event.target.value)}>
            <option value="">All cities</option>
            {cities.data?.cities.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => refresh({ requestPolicy: 'network-only' })}
          >
            Refresh
          </button>
        </div>
      </div>
      <ProblemBanner problem={error ? describeError(error, 'load') : null} />
      {!dashboard ? (
        fetching && <Spinner label="Loading the dashboard" />
      ) : (
        <>
          <div className="kpis">
            <Kpi
              label="Net revenue"
              value={formatMoney(dashboard.revenue.net)}
              detail={`${formatMoney(dashboard.revenue.captured)} captured · ${formatMoney(dashboard.revenue.refunded)} refunded`}
            />
            <Kpi
              label="Confirmed bookings"
              value={formatNumber(dashboard.bookings.confirmed)}
              detail={`${formatNumber(dashboard.bookings.ticketsSold)} tickets`}
            />
            <Kpi
              label="Average ticket"
              value={formatMoney(dashboard.averageTicketPrice)}
              detail="Seat price, before fees"
            />
            <Kpi
              label="Seats on hold now"
              value={formatNumber(dashboard.activeHolds.seats)}
              detail={`${formatNumber(dashboard.activeHolds.holds)} active holds`}
            />
          </div>

          <div className="admin__grid">
            <section className="card" aria-labelledby="funnel-title">
              <h2 id="funnel-title">Conversion</h2>
              <Funnel
                steps={[
                  { label: 'Seat holds', value: dashboard.funnel.seatHolds },
                  {
                    label: 'Bookings created',
                    value: dashboard.funnel.bookingsCreated,
                    rate: dashboard.funnel.holdToBookingRate,
                  },
                  {
                    label: 'Payments succeeded',
                    value: dashboard.funnel.paymentsSucceeded,
                    rate: dashboard.funnel.bookingToPaymentRate,
                  },
                ]}
              />
              <dl className="outcomes">
                {(['created', 'confirmed', 'cancelled', 'expired', 'failed'] as const).map((key) => (
                  <div key={key}>
                    <dt>{key.charAt(0).toUpperCase() + key.slice(1)}</dt>
                    <dd>{formatNumber(dashboard.bookings[key])}</dd>
                  </div>
                ))}
              </dl>
            </section>

            <section className="card" aria-labelledby="revenue-title">
              <h2 id="revenue-title">Net revenue by day</h2>
              <RevenueChart
                points={(revenue.data?.revenue ?? []).flatMap((point) =>
                  point.periodStart ? [{ day: point.periodStart, net: point.net }] : [],
                )}
              />
            </section>
          </div>

          <section className="card" aria-labelledby="top-title">
            <h2 id="top-title">Top events</h2>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Event</th>
                  <th scope="col" className="num">
                    Bookings
                  </th>
                  <th scope="col" className="num">
                    Tickets
                  </th>
                  <th scope="col" className="num">
                    Net revenue
                  </th>
                </tr>
              </thead>
              <tbody>
                {dashboard.topEvents.length === 0 && (
                  <tr>
                    <td colSpan={4} className="muted">
                      No confirmed bookings in this period.
                    </td>
                  </tr>
                )}
                {dashboard.topEvents.map((row) => (
                  <tr key={row.event.id}>
                    <th scope="row">{row.event.title}</th>
                    <td className="num">{formatNumber(row.confirmedBookings)}</td>
                    <td className="num">{formatNumber(row.ticketsSold)}</td>
                    <td className="num">{formatMoney(row.revenue.net)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>

          <section className="card" aria-labelledby="occupancy-title">
            <h2 id="occupancy-title">Occupancy</h2>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Show</th>
                  <th scope="col">City</th>
                  <th scope="col" className="num">
                    Sold
                  </th>
                  <th scope="col">Occupancy</th>
                </tr>
              </thead>
              <tbody>
                {dashboard.occupancy.length === 0 && (
                  <tr>
                    <td colSpan={4} className="muted">
                      No shows in this period.
                    </td>
                  </tr>
                )}
                {dashboard.occupancy.map((row) => (
                  <tr key={row.show.id}>
                    <th scope="row">
                      {row.event.title}
                      <span className="muted"> · {formatShortDateTime(row.show.startsAt, row.show.localStartsAt)}</span>
                      {row.cancelled && <span className="pill pill--cancelled">Cancelled</span>}
                    </th>
                    <td>{row.city ?? '—'}</td>
                    <td className="num">
                      {formatNumber(row.seatsSold)}
                      {row.seatsTotal != null && ` / ${formatNumber(row.seatsTotal)}`}
                    </td>
                    <td>
                      <span className="meter" aria-hidden="true">
                        <span style={{ width: `${Math.min(100, (row.occupancyRate ?? 0) * 100)}%` }} />
                      </span>{' '}
                      {formatPercent(row.occupancyRate)}
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
  const top = Math.max(1, ...steps.map((step) => step.value));
  return (
    <ol className="funnel">
      {steps.map((step) => (
        <li key={step.label}>
          <span className="funnel__label">
            {step.label}
            {step.rate !== undefined && <span className="muted"> · {formatPercent(step.rate)} of the step before</span>}
          </span>
          <span className="funnel__bar" aria-hidden="true">
            <span style={{ width: `${(step.value / top) * 100}%` }} />
          </span>
          <span className="funnel__value">{formatNumber(step.value)}</span>
        </li>
      ))}
    </ol>
  );
}

/** Bars per day, with the figures in a table for screen readers (the bars are decoration). */
function RevenueChart({ points }: { points: { day: string; net: Money }[] }) {
  const byDay = new Map<string, Money>();
  for (const point of points) {
    const previous = byDay.get(point.day);
    byDay.set(
      point.day,
      previous ? { ...previous, amountMinor: previous.amountMinor + point.net.amountMinor } : point.net,
    );
  }
  const days = [...byDay.entries()].sort(([a], [b]) => a.localeCompare(b));
  if (days.length === 0) return <p className="muted">No revenue in this period.</p>;
  const top = Math.max(1, ...days.map(([, money]) => money.amountMinor));
  const label = (day: string) => new Date(day).toLocaleDateString('en-IN', { day: 'numeric', month: 'short' });
  return (
    <>
      <div className="chart" aria-hidden="true">
        {days.map(([day, money]) => (
          <div key={day} className="chart__col" title={`${label(day)}: ${formatMoney(money)}`}>
            <span className="chart__bar" style={{ height: `${Math.max(2, (money.amountMinor / top) * 100)}%` }} />
            <span className="chart__label">{label(day)}</span>
          </div>
        ))}
      </div>
      <table className="visually-hidden">
        <caption>Net revenue by day</caption>
        <tbody>
          {days.map(([day, money]) => (
            <tr key={day}>
              <th scope="row">{label(day)}</th>
              <td>{formatMoney(money)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
