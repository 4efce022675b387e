import { useEffect, useId, useRef, useState } from 'react';
import { useClient, useMutation, useQuery, useSubscription } from 'urql';
import {
  BookingDocument,
  BookingStatusChangedDocument,
  CancelBookingDocument,
  ConfirmPaymentDocument,
  InitiatePaymentDocument,
  ShowDetailsDocument,
  BookingPaymentsDocument,
  type BookingDetailsFragment,
  type BookingStatus,
} from '@showstream/client-ops';
import { useSession } from '../auth/session.ts';
import { EmptyState, LiveBadge, Spinner, StatusPill } from '../components/bits.tsx';
import { ProblemBanner } from '../components/problem.tsx';
import { Tickets } from '../components/tickets.tsx';
import { NO_ANSWER, describeError, describePaymentFailure, type Problem } from '../graphql/errors.ts';
import { formatCountdown, formatDateTime, formatMoney, formatShortDateTime, humanize } from '../lib/format.ts';
import { Link } from '../lib/router.tsx';
import { useNow } from '../lib/use-now.ts';
import { usePageTitle } from '../lib/use-page-title.ts';

type Booking = BookingDetailsFragment;

/**
 * Checkout and the booking afterwards. The page follows `bookingStatusChanged`: the booking is
 * CONFIRMED by the saga after the payment succeeds, and that arrives here live — the page never
 * polls. It reloads the booking (history, refund) whenever the status moves.
 */
export function BookingPage({ bookingId }: { bookingId: string }) {
  const [{ data, fetching, error }, reload] = useQuery({
    query: BookingDocument,
    variables: { id: bookingId },
    requestPolicy: 'cache-and-network',
  });
  const booking = data?.booking;
  const [live] = useSubscription({
    query: BookingStatusChangedDocument,
    variables: { id: bookingId },
    pause: !booking || isFinal(booking.status),
  });
  usePageTitle(booking ? `Booking ${booking.reference}` : 'Booking');

  // The status shown is whichever word came last: the booking as loaded (or as a mutation returned it), or a live change.
  const [latest, setLatest] = useState<BookingStatus | null>(null);
  useEffect(() => {
    if (booking) setLatest(booking.status);
  }, [booking?.status]);
  useEffect(() => {
    const change = live.data?.bookingStatusChanged;
    if (!change) return;
    setLatest(change.status);
    // The live event carries the status; the rest (history, refund, confirmation time) is reloaded.
    reload({ requestPolicy: 'network-only' });
  }, [live.data]);

  if (!data && fetching) return <Spinner label="Loading your booking" />;
  if (error) return <ProblemBanner problem={describeError(error, 'load')} />;
  if (!booking) return <EmptyState title="Booking not found">{<Link to="/bookings">Your bookings</Link>}</EmptyState>;
  const status = latest ?? booking.status;

  return (
    <div className="booking-page">
      <BookingHeader booking={booking} status={status} />
      <div className="booking-layout">
        <div className="booking-main">
          {status === 'PENDING' && <Checkout booking={booking} />}
          {status === 'CONFIRMED' && <Confirmation booking={booking} />}
          {status === 'CANCELLED' && <Cancelled booking={booking} />}
          {(status === 'FAILED' || status === 'EXPIRED') && <Ended booking={booking} status={status} />}
          {(status === 'CONFIRMED' || status === 'PENDING') && <CancelBooking booking={booking} />}
        </div>
        <OrderSummary booking={booking} />
      </div>
    </div>
  );
}

const isFinal = (status: string) => status === 'CANCELLED' || status === 'EXPIRED' || status === 'FAILED';

function BookingHeader({ booking, status }: { booking: Booking; status: string }) {
  const [{ data }] = useQuery({ query: ShowDetailsDocument, variables: { id: booking.show.id } });
  const venue = data?.show?.venue;
  return (
    <header className="booking-header">
      <div>
        <p className="eyebrow">
          Booking <span className="reference">{booking.reference}</span> <StatusPill status={status} />
        </p>
        <h1>{booking.show.event.title}</h1>
        <p className="booking-header__meta">
          {formatDateTime(booking.show.startsAt, booking.show.localStartsAt)}
          {venue && ` · ${venue.name}, ${venue.city}`}
          {data?.show && ` · ${data.show.screen.name}`}
        </p>
      </div>
      {!isFinal(status) && <LiveBadge />}
    </header>
  );
}

/** Sandbox test cards: the sandbox gateway decides by the token, and a suffix of the buyer's own makes it their card. */
const TEST_CARDS = [
  { kind: 'success', brand: 'Visa', last4: '4242', outcome: 'Payment succeeds' },
  { kind: 'declined', brand: 'Mastercard', last4: '0002', outcome: 'Card is declined' },
  { kind: 'fraud', brand: 'Visa', last4: '0019', outcome: 'Blocked by fraud checks' },
] as const;

function Checkout({ booking }: { booking: Booking }) {
  const session = useSession();
  const client = useClient();
  const now = useNow(1_000);
  const [card, setCard] = useState<(typeof TEST_CARDS)[number]['kind']>('success');
  const [phase, setPhase] = useState<'idle' | 'paying' | 'confirming'>('idle');
  const [problem, setProblem] = useState<Problem | null>(null);
  const msLeft = Date.parse(booking.expiresAt) - now;
  const groupName = useId();

  const pay = async () => {
    setProblem(null);
    setPhase('paying');
    // One payment per booking: the same key makes a retry (after a network error) return the same payment.
    const initiated = await client
      .mutation(InitiatePaymentDocument, {
        bookingId: booking.id,
        method: 'CARD',
        gateway: 'sandbox',
        idempotencyKey: `web-${booking.id}`,
      })
      .toPromise();
    const transactionId = initiated.data?.initiatePayment.transactionId;
    if (initiated.error || !transactionId) {
      setPhase('idle');
      return setProblem(describeError(initiated.error ?? NO_ANSWER, 'pay'));
    }
    const token = `tok_${card}_${(session?.user.id ?? 'guest').replaceAll('-', '').slice(0, 12)}`;
    const confirmed = await client.mutation(ConfirmPaymentDocument, { transactionId, paymentToken: token }).toPromise();
    const payment = confirmed.data?.confirmPayment;
    if (confirmed.error || !payment) {
      setPhase('idle');
      return setProblem(describeError(confirmed.error ?? NO_ANSWER, 'pay'));
    }
    if (payment.status === 'FAILED') {
      setPhase('idle');
      return setProblem(describePaymentFailure(payment.failureCode, payment.failureReason));
    }
    // Paid: the booking confirms through the saga, and the confirmation arrives over the subscription.
    setPhase('confirming');
  };

  if (phase === 'confirming') {
    return (
      <section className="card confirming" aria-labelledby="confirming-title" aria-busy="true">
        <span className="spinner__wheel" aria-hidden="true" />
        <div>
          <h2 id="confirming-title">Payment received — confirming your seats</h2>
          <p className="muted">This takes a moment. You can stay on this page; it updates by itself.</p>
        </div>
      </section>
    );
  }

  const expired = msLeft <= 0;
  return (
    <section className="card checkout" aria-labelledby="pay-title">
      <div className="checkout__head">
        <h2 id="pay-title">Pay {formatMoney(booking.finalAmount)}</h2>
        <div className={`countdown countdown--inline${msLeft < 60_000 ? ' countdown--urgent' : ''}`}>
          <span className="countdown__label" id="pay-timer-label">
            Pay within
          </span>
          <span className="countdown__time" role="timer" aria-labelledby="pay-timer-label">
            {formatCountdown(msLeft)}
          </span>
        </div>
      </div>
      <ProblemBanner problem={problem} onDismiss={() => setProblem(null)}>
        {problem && (problem.code === 'DECLINED' || problem.code === 'FRAUD_BLOCKED' || problem.code === 'FAILED') && (
          <Link to={`/shows/${booking.show.id}`}>Choose seats again</Link>
        )}
      </ProblemBanner>
      <fieldset className="cards" disabled={phase !== 'idle' || expired}>
        <legend>
          Card <span className="sandbox-tag">Sandbox — no real money moves</span>
        </legend>
        {TEST_CARDS.map((option) => (
          <label key={option.kind} className="card-option">
            <input
              type="radio"
              name={groupName}
              value={option.kind}
              checked={card === option.kind}
              onChange={() => setCard(option.kind)}
            />
            <span className={`card-option__brand card-option__brand--${option.brand.toLowerCase()}`} aria-hidden="true">
              {option.brand === 'Visa' ? 'VISA' : 'MC'}
            </span>
            <span className="card-option__text">
              <span>
                {option.brand} ending {option.last4}
              </span>
              <span className="muted">Test card · {option.outcome}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <button
        type="button"
        className="button button--primary button--block button--large"
        onClick={pay}
        disabled={phase !== 'idle' || expired}
      >
        {phase === 'paying'
          ? 'Processing payment…'
          : expired
            ? 'Payment time is up'
            : `Pay ${formatMoney(booking.finalAmount)}`}
      </button>
      <p className="fine-print">
        <svg viewBox="0 0 24 24" className="lock-icon" aria-hidden="true">
          <path d="M6 10V8a6 6 0 1 1 12 0v2h1v12H5V10h1Zm2 0h8V8a4 4 0 1 0-8 0v2Z" fill="currentColor" />
        </svg>
        You’re charged once, even if you press twice or retry after a network error.
      </p>
    </section>
  );
}

function Confirmation({ booking }: { booking: Booking }) {
  const heading = useRef<HTMLHeadingElement>(null);
  // Announce the confirmation and move focus to it: it replaced the form the person was using.
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="card ticket" aria-labelledby="confirmed-title" data-testid="confirmation">
      <div className="ticket__badge" aria-hidden="true">
        <svg viewBox="0 0 24 24">
          <path
            d="m5 12.5 4.5 4.5L19 7.5"
            fill="none"
            stroke="currentColor"
            strokeWidth="2.5"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        </svg>
      </div>
      <h2 id="confirmed-title" ref={heading} tabIndex={-1}>
        Booking confirmed
      </h2>
      <p className="muted" role="status">
        Your seats are booked. Your tickets are below, and on their way to your email.
      </p>
      <p className="ticket__reference">{booking.reference}</p>
      <ul className="ticket__seats" aria-label="Your seats">
        {booking.seats.map((seat) => (
          <li key={seat.number}>{seat.number}</li>
        ))}
      </ul>
      <p className="muted">
        Paid {formatMoney(booking.finalAmount)}
        {booking.confirmedAt && ` · confirmed ${formatShortDateTime(booking.confirmedAt)}`}
      </p>
      <Tickets bookingId={booking.id} tickets={booking.tickets} />
    </section>
  );
}

function Cancelled({ booking }: { booking: Booking }) {
  const refund = booking.refundAmount;
  return (
    <section className="card" aria-labelledby="cancelled-title">
      <h2 id="cancelled-title">Booking cancelled</h2>
      <p role="status">
        {booking.status !== 'CANCELLED' ? (
          // The live change came first; the booking with its refund is on its way.
          'Working out your refund…'
        ) : refund && refund.amountMinor > 0 ? (
          <>
            <strong>{formatMoney(refund)}</strong> is on its way back to your card. Refunds usually reach you in 5–7
            working days.
          </>
        ) : (
          'Nothing was refunded for this booking.'
        )}
      </p>
      <History booking={booking} />
    </section>
  );
}

function Ended({ booking, status }: { booking: Booking; status: string }) {
  // Why the payment failed is the payment's own record (declined, blocked by fraud checks, gateway error).
  const [payments] = useQuery({
    query: BookingPaymentsDocument,
    variables: { bookingId: booking.id },
    pause: status !== 'FAILED',
    requestPolicy: 'network-only',
  });
  const failed = payments.data?.booking?.payments.findLast((payment) => payment.status === 'FAILED');
  const problem: Problem | null =
    status === 'EXPIRED'
      ? {
          code: 'EXPIRED',
          title: 'This booking expired',
          detail: 'It wasn’t paid in time, so the seats went back on sale. Nothing was charged.',
        }
      : failed
        ? describePaymentFailure(failed.failureCode, failed.failureReason)
        : payments.fetching
          ? null
          : describePaymentFailure(null, null);
  return (
    <section className="card" aria-labelledby="ended-title" aria-busy={!problem}>
      <h2 id="ended-title" className="visually-hidden">
        {problem?.title ?? 'Payment failed'}
      </h2>
      <ProblemBanner problem={problem}>
        <Link to={`/shows/${booking.show.id}`}>Choose seats again</Link>
      </ProblemBanner>
      <History booking={booking} />
    </section>
  );
}

function CancelBooking({ booking }: { booking: Booking }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const client = useClient();
  const [result, cancel] = useMutation(CancelBookingDocument);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [quote, setQuote] = useState(booking.cancellationQuote);

  const open = async () => {
    setQuote(booking.cancellationQuote);
    setProblem(null);
    dialog.current?.showModal();
    // The refund depends on the time left before the show: ask the booking service again rather than trust the page's copy.
    const fresh = await client
      .query(BookingDocument, { id: booking.id }, { requestPolicy: 'network-only' })
      .toPromise();
    if (fresh.data?.booking) setQuote(fresh.data.booking.cancellationQuote);
  };
  const confirm = async () => {
    const response = await cancel({ id: booking.id, reason: 'Cancelled by the customer' });
    if (response.error) return setProblem(describeError(response.error, 'cancel'));
    dialog.current?.close();
  };

  return (
    <>
      <div className="cancel-row">
        <button type="button" className="button button--ghost" onClick={open}>
          Cancel booking
        </button>
      </div>
      <dialog ref={dialog} className="dialog" aria-labelledby="cancel-title">
        <h2 id="cancel-title">Cancel this booking?</h2>
        <p>{quote.rule}</p>
        {quote.allowed && (
          <dl className="totals">
            <div>
              <dt>Refund</dt>
              <dd data-testid="refund-quote">{formatMoney(quote.refundAmount)}</dd>
            </div>
          </dl>
        )}
        <ProblemBanner problem={problem} />
        <div className="dialog__actions">
          <button type="button" className="button button--secondary" onClick={() => dialog.current?.close()}>
            Keep booking
          </button>
          {quote.allowed && (
            <button type="button" className="button button--danger" onClick={confirm} disabled={result.fetching}>
              {result.fetching
                ? 'Cancelling…'
                : quote.refundAmount.amountMinor > 0
                  ? `Cancel and refund ${formatMoney(quote.refundAmount)}`
                  : 'Cancel booking'}
            </button>
          )}
        </div>
      </dialog>
    </>
  );
}

function OrderSummary({ booking }: { booking: Booking }) {
  return (
    <aside className="card summary" aria-labelledby="summary-title">
      <h2 id="summary-title">Order summary</h2>
      <ul className="seat-list" aria-label="Seats">
        {booking.seats.map((seat) => (
          <li key={seat.number}>
            <span className="seat-list__id">{seat.number}</span>
            <span className="seat-list__type">{humanize(seat.seatType)}</span>
            <span className="seat-list__price">{formatMoney(seat.price)}</span>
          </li>
        ))}
      </ul>
      <dl className="totals">
        <div>
          <dt>Tickets</dt>
          <dd>{formatMoney(booking.totalAmount)}</dd>
        </div>
        <div>
          <dt>Booking fee</dt>
          <dd>{formatMoney(booking.bookingFee)}</dd>
        </div>
        <div>
          <dt>GST on booking fee</dt>
          <dd>{formatMoney(booking.taxes)}</dd>
        </div>
        <div className="totals__grand">
          <dt>Total</dt>
          <dd>{formatMoney(booking.finalAmount)}</dd>
        </div>
        {booking.refundAmount && (
          <div>
            <dt>Refunded</dt>
            <dd>{formatMoney(booking.refundAmount)}</dd>
          </div>
        )}
      </dl>
    </aside>
  );
}

function History({ booking }: { booking: Booking }) {
  return (
    <details className="history">
      <summary>What happened</summary>
      <ol>
        {booking.history.map((step) => (
          <li key={`${step.status}-${step.changedAt}`}>
            <StatusPill status={step.status} />{' '}
            <time dateTime={step.changedAt}>{formatShortDateTime(step.changedAt)}</time>
            {step.notes && <span className="muted"> — {step.notes}</span>}
          </li>
        ))}
      </ol>
    </details>
  );
}
