import { useEffect, useId, useRef, useState } from 'react';
import { Trans } from 'react-i18next';
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
import { seatTypeName } from '../components/seat-map-model.ts';
import { Tickets } from '../components/tickets.tsx';
import { NO_ANSWER, describeError, describePaymentFailure, type Problem } from '../graphql/errors.ts';
import { useI18n } from '../i18n/index.ts';
import { formatCountdown, formatDateTime, formatMoney, formatShortDateTime } from '../lib/format.ts';
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
  const { t } = useI18n();
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
  usePageTitle(booking ? t('booking.title', { reference: booking.reference }) : t('booking.booking'));

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

  if (!data && fetching) return <Spinner label={t('booking.loading')} />;
  if (error) return <ProblemBanner problem={describeError(error, 'load')} />;
  if (!booking)
    return (
      <EmptyState title={t('booking.notFound')}>{<Link to="/bookings">{t('booking.yourBookings')}</Link>}</EmptyState>
    );
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
  const { t, locale } = useI18n();
  return (
    <header className="booking-header">
      <div>
        <p className="eyebrow">
          {t('booking.booking')} <span className="reference">{booking.reference}</span> <StatusPill status={status} />
        </p>
        <h1>{booking.show.event.title}</h1>
        <p className="booking-header__meta">
          {formatDateTime(booking.show.startsAt, booking.show.localStartsAt, locale)}
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
  { kind: 'success', brand: 'Visa', last4: '4242', outcome: 'booking.cardSuccess' },
  { kind: 'declined', brand: 'Mastercard', last4: '0002', outcome: 'booking.cardDeclined' },
  { kind: 'fraud', brand: 'Visa', last4: '0019', outcome: 'booking.cardFraud' },
] as const;

function Checkout({ booking }: { booking: Booking }) {
  const session = useSession();
  const client = useClient();
  const { t, locale } = useI18n();
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
          <h2 id="confirming-title">{t('booking.confirming')}</h2>
          <p className="muted">{t('booking.confirmingDetail')}</p>
        </div>
      </section>
    );
  }

  const expired = msLeft <= 0;
  return (
    <section className="card checkout" aria-labelledby="pay-title">
      <div className="checkout__head">
        <h2 id="pay-title">{t('booking.pay', { amount: formatMoney(booking.finalAmount, locale) })}</h2>
        <div className={`countdown countdown--inline${msLeft < 60_000 ? ' countdown--urgent' : ''}`}>
          <span className="countdown__label" id="pay-timer-label">
            {t('booking.payWithin')}
          </span>
          <span className="countdown__time" role="timer" aria-labelledby="pay-timer-label">
            {formatCountdown(msLeft)}
          </span>
        </div>
      </div>
      <ProblemBanner problem={problem} onDismiss={() => setProblem(null)}>
        {problem && (problem.code === 'DECLINED' || problem.code === 'FRAUD_BLOCKED' || problem.code === 'FAILED') && (
          <Link to={`/shows/${booking.show.id}`}>{t('booking.chooseAgain')}</Link>
        )}
      </ProblemBanner>
      <fieldset className="cards" disabled={phase !== 'idle' || expired}>
        <legend>
          {t('booking.card')} <span className="sandbox-tag">{t('booking.sandbox')}</span>
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
              <span>{t('booking.cardEnding', { brand: option.brand, last4: option.last4 })}</span>
              <span className="muted">{t('booking.testCard', { outcome: t(option.outcome) })}</span>
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
          ? t('booking.processing')
          : expired
            ? t('booking.timeUp')
            : t('booking.pay', { amount: formatMoney(booking.finalAmount, locale) })}
      </button>
      <p className="fine-print">
        <svg viewBox="0 0 24 24" className="lock-icon" aria-hidden="true">
          <path d="M6 10V8a6 6 0 1 1 12 0v2h1v12H5V10h1Zm2 0h8V8a4 4 0 1 0-8 0v2Z" fill="currentColor" />
        </svg>
        {t('booking.chargedOnce')}
      </p>
    </section>
  );
}

function Confirmation({ booking }: { booking: Booking }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const { t, locale } = useI18n();
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
        {t('booking.confirmed')}
      </h2>
      <p className="muted" role="status">
        {t('booking.confirmedDetail')}
      </p>
      <p className="ticket__reference">{booking.reference}</p>
      <ul className="ticket__seats" aria-label={t('booking.yourSeats')}>
        {booking.seats.map((seat) => (
          <li key={seat.number}>{seat.number}</li>
        ))}
      </ul>
      <p className="muted">
        {t('booking.paid', { amount: formatMoney(booking.finalAmount, locale) })}
        {booking.confirmedAt &&
          t('booking.confirmedAt', { when: formatShortDateTime(booking.confirmedAt, undefined, locale) })}
      </p>
      <Tickets bookingId={booking.id} tickets={booking.tickets} />
    </section>
  );
}

function Cancelled({ booking }: { booking: Booking }) {
  const refund = booking.refundAmount;
  const { t, locale } = useI18n();
  return (
    <section className="card" aria-labelledby="cancelled-title">
      <h2 id="cancelled-title">{t('booking.cancelled')}</h2>
      <p role="status">
        {booking.status !== 'CANCELLED' ? (
          // The live change came first; the booking with its refund is on its way.
          t('booking.workingOutRefund')
        ) : refund && refund.amountMinor > 0 ? (
          <Trans
            i18nKey="booking.refundOnWay"
            values={{ amount: formatMoney(refund, locale) }}
            components={{ strong: <strong /> }}
          />
        ) : (
          t('booking.nothingRefunded')
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
  const { t } = useI18n();
  const failed = payments.data?.booking?.payments.findLast((payment) => payment.status === 'FAILED');
  const problem: Problem | null =
    status === 'EXPIRED'
      ? {
          code: 'EXPIRED',
          title: t('booking.expiredTitle'),
          detail: t('booking.expiredDetail'),
        }
      : failed
        ? describePaymentFailure(failed.failureCode, failed.failureReason)
        : payments.fetching
          ? null
          : describePaymentFailure(null, null);
  return (
    <section className="card" aria-labelledby="ended-title" aria-busy={!problem}>
      <h2 id="ended-title" className="visually-hidden">
        {problem?.title ?? t('booking.paymentFailed')}
      </h2>
      <ProblemBanner problem={problem}>
        <Link to={`/shows/${booking.show.id}`}>{t('booking.chooseAgain')}</Link>
      </ProblemBanner>
      <History booking={booking} />
    </section>
  );
}

function CancelBooking({ booking }: { booking: Booking }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const client = useClient();
  const { t, locale } = useI18n();
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
          {t('booking.cancel')}
        </button>
      </div>
      <dialog ref={dialog} className="dialog" aria-labelledby="cancel-title">
        <h2 id="cancel-title">{t('booking.cancelQuestion')}</h2>
        <p>{quote.rule}</p>
        {quote.allowed && (
          <dl className="totals">
            <div>
              <dt>{t('booking.refund')}</dt>
              <dd data-testid="refund-quote">{formatMoney(quote.refundAmount, locale)}</dd>
            </div>
          </dl>
        )}
        <ProblemBanner problem={problem} />
        <div className="dialog__actions">
          <button type="button" className="button button--secondary" onClick={() => dialog.current?.close()}>
            {t('booking.keep')}
          </button>
          {quote.allowed && (
            <button type="button" className="button button--danger" onClick={confirm} disabled={result.fetching}>
              {result.fetching
                ? t('booking.cancelling')
                : quote.refundAmount.amountMinor > 0
                  ? t('booking.cancelAndRefund', { amount: formatMoney(quote.refundAmount, locale) })
                  : t('booking.cancel')}
            </button>
          )}
        </div>
      </dialog>
    </>
  );
}

function OrderSummary({ booking }: { booking: Booking }) {
  const { t, locale } = useI18n();
  const money = (amount: Parameters<typeof formatMoney>[0]) => formatMoney(amount, locale);
  return (
    <aside className="card summary" aria-labelledby="summary-title">
      <h2 id="summary-title">{t('booking.summary')}</h2>
      <ul className="seat-list" aria-label={t('common.seats')}>
        {booking.seats.map((seat) => (
          <li key={seat.number}>
            <span className="seat-list__id">{seat.number}</span>
            <span className="seat-list__type">{seatTypeName(seat.seatType)}</span>
            <span className="seat-list__price">{money(seat.price)}</span>
          </li>
        ))}
      </ul>
      <dl className="totals">
        <div>
          <dt>{t('booking.tickets')}</dt>
          <dd>{money(booking.totalAmount)}</dd>
        </div>
        {/* Fees and their tax follow the show's currency: GST on an INR show, none unless configured elsewhere. */}
        {booking.bookingFee.amountMinor > 0 && (
          <div>
            <dt>{t('booking.bookingFee')}</dt>
            <dd>{money(booking.bookingFee)}</dd>
          </div>
        )}
        {booking.taxName && (
          <div>
            <dt>{t('booking.taxOnFee', { tax: booking.taxName })}</dt>
            <dd>{money(booking.taxes)}</dd>
          </div>
        )}
        <div className="totals__grand">
          <dt>{t('booking.total')}</dt>
          <dd>{money(booking.finalAmount)}</dd>
        </div>
        {booking.refundAmount && (
          <div>
            <dt>{t('booking.refunded')}</dt>
            <dd>{money(booking.refundAmount)}</dd>
          </div>
        )}
      </dl>
    </aside>
  );
}

function History({ booking }: { booking: Booking }) {
  const { t, locale } = useI18n();
  return (
    <details className="history">
      <summary>{t('booking.history')}</summary>
      <ol>
        {booking.history.map((step) => (
          <li key={`${step.status}-${step.changedAt}`}>
            <StatusPill status={step.status} />{' '}
            <time dateTime={step.changedAt}>{formatShortDateTime(step.changedAt, undefined, locale)}</time>
            {step.notes && <span className="muted"> — {step.notes}</span>}
          </li>
        ))}
      </ol>
    </details>
  );
}
