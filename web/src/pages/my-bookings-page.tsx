import { useState } from 'react';
import { useQuery } from 'urql';
import { MyBookingsDocument } from '@showstream/client-ops';
import { EmptyState, Spinner, StatusPill } from '../components/bits.tsx';
import { ProblemBanner } from '../components/problem.tsx';
import { describeError } from '../graphql/errors.ts';
import { useI18n } from '../i18n/index.ts';
import { formatDateTime, formatMoney } from '../lib/format.ts';
import { Link } from '../lib/router.tsx';
import { usePageTitle } from '../lib/use-page-title.ts';

const PAGE = 20;

/** The signed-in person's bookings, newest first. */
export function MyBookingsPage() {
  const { t, locale } = useI18n();
  usePageTitle(t('myBookings.title'));
  const [first, setFirst] = useState(PAGE);
  const [{ data, fetching, error }] = useQuery({
    query: MyBookingsDocument,
    variables: { first },
    requestPolicy: 'cache-and-network',
  });
  const bookings = data?.myBookings.edges.map((edge) => edge.node) ?? [];
  return (
    <section aria-labelledby="bookings-title">
      <h1 id="bookings-title">{t('myBookings.title')}</h1>
      <ProblemBanner problem={error ? describeError(error, 'load') : null} />
      {!data && fetching ? (
        <Spinner label={t('myBookings.loading')} />
      ) : bookings.length === 0 ? (
        <EmptyState title={t('myBookings.empty')}>
          <p>
            <Link to="/">{t('myBookings.findSomething')}</Link>
          </p>
        </EmptyState>
      ) : (
        <ul className="booking-list">
          {bookings.map((booking) => (
            <li key={booking.id}>
              <Link to={`/bookings/${booking.id}`} className="booking-row">
                <span className="booking-row__main">
                  <span className="booking-row__title">{booking.show.event.title}</span>
                  <span className="muted">
                    {formatDateTime(booking.show.startsAt, booking.show.localStartsAt, locale)} ·{' '}
                    {booking.seats.map((seat) => seat.number).join(', ')}
                  </span>
                </span>
                <span className="booking-row__side">
                  <StatusPill status={booking.status} />
                  <span className="booking-row__amount">{formatMoney(booking.finalAmount, locale)}</span>
                  <span className="reference">{booking.reference}</span>
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {data?.myBookings.pageInfo.hasNextPage && (
        <div className="center">
          <button
            type="button"
            className="button button--secondary"
            onClick={() => setFirst((count) => count + PAGE)}
            disabled={fetching}
          >
            {t('myBookings.older')}
          </button>
        </div>
      )}
    </section>
  );
}
