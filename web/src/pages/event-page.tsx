import { useId, useMemo, useState } from 'react';
import { useQuery } from 'urql';
import { CitiesDocument, EventDetailsDocument, type EventDetailsQuery } from '@showstream/client-ops';
import { EmptyState, Poster, Spinner } from '../components/bits.tsx';
import { ProblemBanner } from '../components/problem.tsx';
import { describeError } from '../graphql/errors.ts';
import { useI18n } from '../i18n/index.ts';
import { dayKey, formatDay, formatDuration, formatMoney, formatTime, humanize } from '../lib/format.ts';
import { Link } from '../lib/router.tsx';
import { useCity } from '../lib/use-city.ts';
import { usePageTitle } from '../lib/use-page-title.ts';

type Show = NonNullable<EventDetailsQuery['event']>['shows'][number];

/** An event and its upcoming shows in a city, by day and venue. */
export function EventPage({ eventId, city: cityParam }: { eventId: string; city: string | null }) {
  const [city, setCity] = useCity(cityParam);
  const { t, locale } = useI18n();
  const cityId = useId();
  // Shows from now on; fixed for the page's life so the query's variables stay stable.
  const [from] = useState(() => new Date().toISOString());
  const [{ data, fetching, error }] = useQuery({
    query: EventDetailsDocument,
    variables: { id: eventId, from, ...(city ? { city } : {}) },
  });
  const [cities] = useQuery({ query: CitiesDocument });
  const event = data?.event;
  usePageTitle(event?.title);

  const days = useMemo(() => groupShows(event?.shows ?? []), [event?.shows]);

  if (!data && fetching) return <Spinner label={t('event.loading')} />;
  if (error) return <ProblemBanner problem={describeError(error, 'load')} />;
  if (!event)
    return <EmptyState title={t('event.unavailable')}>{<Link to="/">{t('app.browseEvents')}</Link>}</EmptyState>;

  const meta = [
    t(`category.${event.category}`, { defaultValue: humanize(event.category) }),
    event.language,
    event.rating,
    formatDuration(event.durationMinutes, locale),
  ].filter(Boolean);
  return (
    <article className="event-page">
      <header className="event-hero">
        <Poster title={event.title} url={event.posterUrl} category={event.category} size="hero" />
        <div className="event-hero__text">
          <h1>{event.title}</h1>
          <p className="event-hero__meta">{meta.join(' · ')}</p>
          {event.genres.length > 0 && (
            <ul className="tags" aria-label={t('event.genres')}>
              {event.genres.map((genre) => (
                <li key={genre}>{genre}</li>
              ))}
            </ul>
          )}
          {event.description && <p className="event-hero__description">{event.description}</p>}
        </div>
      </header>

      <section aria-labelledby="shows-title" className="shows">
        <div className="shows__header">
          <h2 id="shows-title" className="section-title">
            {t('event.shows')}
          </h2>
          <label htmlFor={cityId} className="inline-field">
            <span>{t('common.city')}</span>
            <select id={cityId} value={city} onChange={(change) => setCity(change.target.value)}>
              <option value="">{t('common.allCities')}</option>
              {cities.data?.cities.map((name) => (
                <option key={name}>{name}</option>
              ))}
            </select>
          </label>
        </div>
        {days.length === 0 ? (
          <EmptyState title={t('event.noShows')}>
            <p>{city ? t('event.nothingIn', { city }) : t('event.nothingScheduled')}</p>
          </EmptyState>
        ) : (
          days.map((day) => (
            <section key={day.key} className="show-day" aria-labelledby={`day-${day.key}`}>
              <h3 id={`day-${day.key}`} className="show-day__title">
                {day.shows[0] && formatDay(day.shows[0].startsAt, day.shows[0].localStartsAt, locale)}
              </h3>
              <ul className="venue-list">
                {day.venues.map((venue) => (
                  <li key={venue.id} className="venue-row">
                    <div className="venue-row__name">
                      <strong>{venue.name}</strong>
                      <span>{venue.city}</span>
                    </div>
                    <ul className="showtimes" aria-label={t('event.showTimesAt', { venue: venue.name })}>
                      {venue.shows.map((show) => (
                        <li key={show.id}>
                          <ShowTime show={show} />
                        </li>
                      ))}
                    </ul>
                  </li>
                ))}
              </ul>
            </section>
          ))
        )}
      </section>
    </article>
  );
}

function ShowTime({ show }: { show: Show }) {
  const { t, locale } = useI18n();
  const prices = show.prices.flatMap((entry) => (entry.price ? [entry.price] : []));
  const cheapest =
    prices.length > 0 ? prices.reduce((low, price) => (price.amountMinor < low.amountMinor ? price : low)) : null;
  const cancelled = show.status !== 'SCHEDULED';
  const time = formatTime(show.startsAt, show.localStartsAt, locale);
  const from = cheapest ? t('event.from', { price: formatMoney(cheapest, locale) }) : null;
  const label = [
    time,
    `${show.screen.name}${show.screen.screenType ? ` ${show.screen.screenType}` : ''}`,
    from,
    cancelled ? t('event.cancelled') : null,
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <Link to={`/shows/${show.id}`} className={`showtime${cancelled ? ' showtime--cancelled' : ''}`} aria-label={label}>
      <span className="showtime__time">{time}</span>
      <span className="showtime__meta">
        {show.screen.screenType ?? show.screen.name}
        {from && ` · ${from}`}
      </span>
    </Link>
  );
}

interface VenueShows {
  id: string;
  name: string;
  city: string;
  shows: Show[];
}

function groupShows(shows: Show[]) {
  const days = new Map<string, { key: string; shows: Show[]; venues: Map<string, VenueShows> }>();
  for (const show of [...shows].sort((a, b) => a.startsAt.localeCompare(b.startsAt))) {
    const key = dayKey(show.localStartsAt);
    const day = days.get(key) ?? { key, shows: [], venues: new Map<string, VenueShows>() };
    day.shows.push(show);
    const venue = day.venues.get(show.venue.id) ?? { ...show.venue, shows: [] };
    venue.shows.push(show);
    day.venues.set(show.venue.id, venue);
    days.set(key, day);
  }
  return [...days.values()].map((day) => ({ ...day, venues: [...day.venues.values()] }));
}
