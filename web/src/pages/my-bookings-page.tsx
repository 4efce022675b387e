import { useState } from 'react';
import { useQuery } from 'urql';
import { MyBookingsDocument } from '@showstream/client-ops';
import { EmptyState, Spinner, StatusPill } from '../components/bits.tsx';
import { ProblemBanner } from '../components/problem.tsx';
import { describeError } from '../graphql/errors.ts';
import { formatDateTime, formatMoney } from '../lib/format.ts';
import { Link } from '../lib/router.tsx';
import { usePageTitle } from '../lib/use-page-title.ts';

const PAGE = 20;

/** The signed-in person's bookings, newest first. */
export function MyBookingsPage() {
  usePageTitle('Your bookings');
  const [first, setFirst] = useState(PAGE);
  const [{ data, fetching, error }] = useQuery({
    query: MyBookingsDocument,
    variables: { first },
    requestPolicy: 'cache-and-network',
  });
  const bookings = data?.myBookings.edges.map((edge) => edge.node) ?? [];
  return (
    <section aria-labelledby="bookings-title">
      <h1 id="bookings-title">Your bookings</h1>
      <ProblemBanner problem={error ? describeError(error, 'load') : null} />
      {!data && fetching ? (
        <Spinner label="Loading your bookings" />
      ) : bookings.length === 0 ? (
        <EmptyState title="No bookings yet">
          <p>
            <Link to="/">Find something to watch</Link>
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
                    {formatDateTime(booking.show.startsAt, booking.show.localStartsAt)} ·{' '}
                    {booking.seats.map((seat) => seat.number).join(', ')}
                  </span>
                </span>
                <span className="booking-row__side">
                  <StatusPill status={booking.status} />
                  <span className="booking-row__amount">{formatMoney(booking.finalAmount)}</span>
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
            Show older bookings
          </button>
        </div>
      )}
    </section>
  );
}
