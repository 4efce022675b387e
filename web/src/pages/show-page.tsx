import { useEffect, useMemo, useRef, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import {
  CreateBookingDocument,
  HoldSeatsDocument,
  MyActiveHoldsDocument,
  ReleaseHoldDocument,
  ShowDetailsDocument,
  type SeatCellFragment,
} from '@showstream/client-ops';
import { useSession } from '../auth/session.ts';
import { EmptyState, LiveBadge, Spinner } from '../components/bits.tsx';
import { ProblemBanner } from '../components/problem.tsx';
import { SeatLegend } from '../components/seat-legend.tsx';
import { SeatMap } from '../components/seat-map.tsx';
import { buildRows, seatTypeName, type SeatView } from '../components/seat-map-model.ts';
import { holdExpired, NO_ANSWER, describeError, type Problem } from '../graphql/errors.ts';
import { useLiveSeatMap } from '../graphql/use-live-seat-map.ts';
import { useI18n } from '../i18n/index.ts';
import { formatCountdown, formatDateTime, formatMoney, type Money } from '../lib/format.ts';
import { Link, navigate } from '../lib/router.tsx';
import { useNow } from '../lib/use-now.ts';
import { usePageTitle } from '../lib/use-page-title.ts';

/** The seat limit per person and show (inventory's MAX_SEATS_PER_USER default); the server has the last word. */
const MAX_SEATS = 10;

interface Hold {
  id: string;
  seats: string[];
  expiresAt: string;
  /** How long the hold lasts in all, for the progress bar. */
  durationMs: number;
}

const NO_SEATS: ReadonlyMap<string, SeatCellFragment> = new Map();

const sum = (prices: Money[]): Money | null => {
  const [first] = prices;
  return first
    ? { amountMinor: prices.reduce((total, price) => total + price.amountMinor, 0), currency: first.currency }
    : null;
};

/**
 * Pick seats on the live map, hold them (a countdown shows how long they are yours), then book.
 * Seats others take turn unavailable as it happens; a seat taken from under a selection is
 * dropped from it with a notice.
 */
export function ShowPage({ showId, initialSeats }: { showId: string; initialSeats: string[] }) {
  const session = useSession();
  const { t, locale } = useI18n();
  const [{ data, fetching, error }] = useQuery({ query: ShowDetailsDocument, variables: { id: showId } });
  const live = useLiveSeatMap(showId);
  const [activeHolds] = useQuery({ query: MyActiveHoldsDocument, pause: !session, requestPolicy: 'network-only' });
  const [selected, setSelected] = useState<string[]>(initialSeats);
  const [hold, setHold] = useState<Hold | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState('');
  const [holding, holdSeats] = useMutation(HoldSeatsDocument);
  const [booking, createBooking] = useMutation(CreateBookingDocument);
  const [releasing, releaseHold] = useMutation(ReleaseHoldDocument);
  const show = data?.show;
  usePageTitle(show ? t('show.title', { event: show.event.title }) : t('show.chooseSeats'));

  // Back on the page with seats still held (a reload, another tab): carry on with that hold, once.
  const restored = useRef(false);
  useEffect(() => {
    const mine = activeHolds.data?.myActiveLocks.find(
      (lock) => lock.showId === showId && Date.parse(lock.expiresAt) > Date.now(),
    );
    if (!activeHolds.data || restored.current) return;
    restored.current = true;
    if (mine) {
      setHold({
        id: mine.id,
        seats: mine.seats.map((seat) => seat.number),
        expiresAt: mine.expiresAt,
        durationMs: Date.parse(mine.expiresAt) - Date.now(),
      });
      setSelected([]);
    }
  }, [activeHolds.data, showId]);

  // Someone else took a seat of the selection, or our hold's seats went back on sale.
  useEffect(() => {
    const change = live.lastChange;
    // Our own hold or release may be announced before its response arrives: not someone else's doing.
    if (!change || holding.fetching || releasing.fetching) return;
    const gone = change.seats
      .filter((seat) => seat.status !== 'AVAILABLE' && selected.includes(seat.number))
      .map((seat) => seat.number);
    if (gone.length > 0) {
      setSelected((current) => current.filter((seat) => !gone.includes(seat)));
      setNotice(t('show.seatsTaken', { count: gone.length, seats: gone.join(', ') }));
    }
    if (hold && change.seats.some((seat) => hold.seats.includes(seat.number) && seat.status === 'AVAILABLE')) {
      setHold(null);
      setProblem(holdExpired());
    }
    // Only a new change should trigger this, not a new selection.
  }, [live.lastChange]);

  const mine = useMemo(() => new Set(hold?.seats ?? []), [hold]);
  const selectedSet = useMemo(() => new Set(selected), [selected]);
  const seats = live.seats ?? NO_SEATS;
  const rows = useMemo(
    () => (show ? buildRows(show.screen.layout, seats, selectedSet, mine) : []),
    [show, seats, selectedSet, mine],
  );

  if (!data && fetching) return <Spinner label={t('show.loading')} />;
  if (error) return <ProblemBanner problem={describeError(error, 'load')} />;
  if (!show)
    return <EmptyState title={t('show.unavailable')}>{<Link to="/">{t('app.browseEvents')}</Link>}</EmptyState>;

  const onSale = show.status === 'SCHEDULED' && Date.parse(show.startsAt) > Date.now();
  const priceOf = (id: string) => seats.get(id)?.price;
  const selectionTotal = sum(selected.flatMap((id) => priceOf(id) ?? []));

  const toggle = (seat: SeatView) => {
    setProblem(null);
    setNotice('');
    if (seat.state === 'selected') return setSelected((current) => current.filter((id) => id !== seat.id));
    if (selected.length >= MAX_SEATS) return setNotice(t('show.maxSeats', { count: MAX_SEATS }));
    setSelected((current) => [...current, seat.id]);
  };

  const onHold = async () => {
    setProblem(null);
    if (!session) {
      const back = `/shows/${showId}?seats=${selected.join(',')}`;
      return navigate(`/signin?next=${encodeURIComponent(back)}`);
    }
    const result = await holdSeats({ showId, seatNumbers: selected });
    const lock = result.data?.lockSeats;
    if (result.error || !lock) {
      const described = describeError(result.error ?? NO_ANSWER, 'hold');
      const unavailable = described.unavailableSeats;
      if (unavailable) setSelected((current) => current.filter((id) => !unavailable.includes(id)));
      return setProblem(described);
    }
    setNotice('');
    setHold({
      id: lock.id,
      seats: lock.seats.map((seat) => seat.number),
      expiresAt: lock.expiresAt,
      durationMs: Date.parse(lock.expiresAt) - Date.now(),
    });
    setSelected([]);
  };

  const onBook = async () => {
    if (!hold) return;
    setProblem(null);
    const result = await createBooking({ lockId: hold.id });
    const booking = result.data?.createBooking;
    if (result.error || !booking) {
      const described = describeError(result.error ?? NO_ANSWER, 'book');
      if (described.code === 'CONFLICT' || described.code === 'NOT_FOUND') setHold(null);
      return setProblem(described);
    }
    navigate(`/bookings/${booking.id}`);
  };

  const onExpired = () => {
    setHold(null);
    setNotice('');
    setProblem(holdExpired());
  };

  const onRelease = async () => {
    if (!hold) return;
    const result = await releaseHold({ lockId: hold.id });
    if (result.error) return setProblem(describeError(result.error, 'save'));
    setSelected(hold.seats);
    setHold(null);
  };

  const seatTypes = show.screen.layout.seatTypes.map((type) => ({
    seatType: type.seatType,
    tier: type.priceTier,
    price: show.prices.find((entry) => entry.seatType === type.seatType)?.price ?? null,
  }));
  const facing =
    show.screen.screenType?.toLowerCase() === 'stage' ? t('seatMap.stageThisWay') : t('seatMap.screenThisWay');

  return (
    <div className="show-page">
      <header className="show-header">
        <div>
          <p className="eyebrow">
            <Link to={`/events/${show.event.id}`}>{show.event.title}</Link>
          </p>
          <h1>{formatDateTime(show.startsAt, show.localStartsAt, locale)}</h1>
          <p className="show-header__meta">
            {show.venue.name}, {show.venue.city} · {show.screen.name}
            {show.screen.screenType && ` · ${show.screen.screenType}`}
            {show.screen.soundSystem && ` · ${show.screen.soundSystem}`}
          </p>
        </div>
        <LiveBadge />
      </header>

      {show.status === 'CANCELLED' && (
        <ProblemBanner
          problem={{
            code: 'SHOW_CANCELLED',
            title: t('show.cancelledTitle'),
            detail: show.cancellationReason ?? t('show.cancelledDetail'),
          }}
        />
      )}
      <ProblemBanner problem={problem} onDismiss={() => setProblem(null)} />
      <ProblemBanner problem={live.error ? describeError(live.error, 'load') : null} />

      <div className="show-layout">
        <section className="card seat-card" aria-labelledby="seat-map-title">
          <h2 id="seat-map-title" className="visually-hidden">
            {t('show.seatMap')}
          </h2>
          <SeatLegend types={seatTypes} />
          {live.seats ? (
            <SeatMap
              rows={rows}
              facing={facing}
              label={t('show.seatsFor', { event: show.event.title })}
              readOnly={!onSale || hold !== null}
              onToggle={toggle}
            />
          ) : (
            <Spinner label={t('show.loadingSeats')} />
          )}
        </section>

        <aside className="card basket" aria-labelledby="basket-title">
          <h2 id="basket-title">{hold ? t('show.held') : t('show.yourSeats')}</h2>
          <p className="visually-hidden" aria-live="polite">
            {notice}
          </p>
          {notice && <p className="notice">{notice}</p>}
          {hold ? (
            <HoldPanel
              hold={hold}
              total={sum(hold.seats.flatMap((id) => priceOf(id) ?? []))}
              seats={seats}
              busy={booking.fetching}
              onBook={onBook}
              onRelease={onRelease}
              onExpired={onExpired}
            />
          ) : selected.length === 0 ? (
            <p className="muted">{onSale ? t('show.chooseOnMap') : t('show.notOnSale')}</p>
          ) : (
            <>
              <SeatList ids={selected} seats={seats} />
              <dl className="totals">
                <div>
                  <dt>{t('common.tickets', { count: selected.length })}</dt>
                  <dd>{formatMoney(selectionTotal, locale)}</dd>
                </div>
              </dl>
              <p className="fine-print">{t('show.feesAtCheckout')}</p>
              <button
                type="button"
                className="button button--primary button--block"
                onClick={onHold}
                disabled={holding.fetching}
              >
                {holding.fetching
                  ? t('show.holding')
                  : session
                    ? t('show.hold', { count: selected.length })
                    : t('show.signInToHold')}
              </button>
            </>
          )}
        </aside>
      </div>
    </div>
  );
}

function SeatList({ ids, seats }: { ids: string[]; seats: ReadonlyMap<string, SeatCellFragment> }) {
  const { t, locale } = useI18n();
  return (
    <ul className="seat-list" aria-label={t('common.seats')}>
      {ids.map((id) => {
        const seat = seats.get(id);
        return (
          <li key={id}>
            <span className="seat-list__id">{id}</span>
            <span className="seat-list__type">{seat ? seatTypeName(seat.seatType) : ''}</span>
            <span className="seat-list__price">{formatMoney(seat?.price, locale)}</span>
          </li>
        );
      })}
    </ul>
  );
}

interface HoldPanelProps {
  hold: Hold;
  total: Money | null;
  seats: ReadonlyMap<string, SeatCellFragment>;
  busy: boolean;
  onBook: () => void;
  onRelease: () => void;
  onExpired: () => void;
}

/** The held seats with the time left to book them; the countdown is announced once at a minute left, not every second. */
function HoldPanel({ hold, total, seats, busy, onBook, onRelease, onExpired }: HoldPanelProps) {
  const now = useNow(1_000);
  const { t, locale } = useI18n();
  const msLeft = Date.parse(hold.expiresAt) - now;
  const fraction = Math.max(0, Math.min(1, msLeft / Math.max(hold.durationMs, 1)));
  useEffect(() => {
    if (msLeft <= 0) onExpired();
  }, [msLeft, onExpired]);
  const urgent = msLeft < 60_000;
  return (
    <div className="hold" data-testid="hold">
      <div className={`countdown${urgent ? ' countdown--urgent' : ''}`}>
        <span className="countdown__label" id="hold-timer-label">
          {t('show.timeLeft')}
        </span>
        <span className="countdown__time" role="timer" aria-labelledby="hold-timer-label">
          {formatCountdown(msLeft)}
        </span>
        <span className="countdown__bar" aria-hidden="true">
          <span style={{ width: `${fraction * 100}%` }} />
        </span>
      </div>
      <p className="visually-hidden" aria-live="assertive">
        {urgent && msLeft > 0 ? t('show.lastMinute') : ''}
      </p>
      <SeatList ids={hold.seats} seats={seats} />
      <dl className="totals">
        <div>
          <dt>{t('common.tickets', { count: hold.seats.length })}</dt>
          <dd>{formatMoney(total, locale)}</dd>
        </div>
      </dl>
      <p className="fine-print">{t('show.feesAtCheckout')}</p>
      <button type="button" className="button button--primary button--block" onClick={onBook} disabled={busy}>
        {busy ? t('show.booking') : t('show.continue')}
      </button>
      <button type="button" className="button button--ghost button--block" onClick={onRelease} disabled={busy}>
        {t('show.release')}
      </button>
    </div>
  );
}
