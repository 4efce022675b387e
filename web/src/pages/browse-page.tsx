import { useEffect, useId, useState } from 'react';
import { useQuery } from 'urql';
import {
  BrowseEventsDocument,
  CitiesDocument,
  SearchEventsDocument,
  type EventCardFragment,
  type EventCategory,
} from '@showstream/client-ops';
import { EmptyState, Poster, Spinner } from '../components/bits.tsx';
import { ProblemBanner } from '../components/problem.tsx';
import { describeError } from '../graphql/errors.ts';
import { useI18n } from '../i18n/index.ts';
import { formatDuration, humanize } from '../lib/format.ts';
import { Link, navigate } from '../lib/router.tsx';
import { usePageTitle } from '../lib/use-page-title.ts';
import { useCity } from '../lib/use-city.ts';

const CATEGORIES: (EventCategory | '')[] = ['', 'MOVIE', 'CONCERT', 'PLAY', 'COMEDY', 'SPORTS'];
const PAGE = 24;

/** Events in a city, by category, or searched by title (typo tolerant on the server). */
export function BrowsePage({ query: initialText }: { query: string }) {
  usePageTitle(null);
  const { t } = useI18n();
  const [city, setCity] = useCity();
  const [text, setText] = useState(initialText);
  const [search, setSearch] = useState(initialText.trim());
  const [category, setCategory] = useState<EventCategory | ''>('');
  const [first, setFirst] = useState(PAGE);
  const searchId = useId();
  const cityId = useId();

  // Search as the person types, once they pause; the query string keeps it shareable.
  useEffect(() => {
    const timer = setTimeout(() => {
      setSearch(text.trim());
      setFirst(PAGE);
      navigate(text.trim() ? `/?q=${encodeURIComponent(text.trim())}` : '/', { replace: true });
    }, 250);
    return () => clearTimeout(timer);
  }, [text]);

  const [cities] = useQuery({ query: CitiesDocument });
  const filter = { ...(city ? { city } : {}), ...(category ? { category } : {}) };
  const [browse] = useQuery({ query: BrowseEventsDocument, variables: { filter, first }, pause: search !== '' });
  const [found] = useQuery({
    query: SearchEventsDocument,
    variables: { query: search, filter, first },
    pause: search === '',
  });
  const result = search ? found : browse;
  const connection = search ? found.data?.searchEvents : browse.data?.events;
  const events = connection?.edges.map((edge) => edge.node) ?? [];

  return (
    <>
      <section className="hero" aria-labelledby="browse-title">
        <h1 id="browse-title" className="hero__title">
          {city ? t('browse.titleIn', { city }) : t('browse.title')}
        </h1>
        <form className="hero__search" role="search" onSubmit={(event) => event.preventDefault()}>
          <label htmlFor={searchId} className="visually-hidden">
            {t('browse.search')}
          </label>
          <input
            id={searchId}
            type="search"
            placeholder={t('browse.searchPlaceholder')}
            value={text}
            onChange={(event) => setText(event.target.value)}
            autoComplete="off"
          />
          <label htmlFor={cityId} className="visually-hidden">
            {t('common.city')}
          </label>
          <select
            id={cityId}
            value={city}
            onChange={(event) => {
              setCity(event.target.value);
              setFirst(PAGE);
            }}
          >
            <option value="">{t('common.allCities')}</option>
            {cities.data?.cities.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </form>
      </section>

      <div className="chips" role="group" aria-label={t('browse.categoryGroup')}>
        {CATEGORIES.map((option) => (
          <button
            key={option}
            type="button"
            className="chip"
            aria-pressed={category === option}
            onClick={() => {
              setCategory(option);
              setFirst(PAGE);
            }}
          >
            {option ? t(`browse.categories.${option}`, { defaultValue: humanize(option) }) : t('browse.all')}
          </button>
        ))}
      </div>

      <ProblemBanner problem={result.error ? describeError(result.error, 'load') : null} />
      <section aria-labelledby="results-title" aria-busy={result.fetching}>
        <h2 id="results-title" className="section-title">
          {search ? t('browse.resultsFor', { search }) : t('browse.nowBooking')}
          {connection && <span className="section-title__count"> · {connection.totalCount}</span>}
        </h2>
        {!connection && result.fetching ? (
          <Spinner label={t('browse.loading')} />
        ) : events.length === 0 && connection ? (
          <EmptyState title={search ? t('browse.noMatch') : t('browse.noEvents')}>
            <p>{city ? t('browse.tryAnotherCity') : t('browse.checkBack')}</p>
          </EmptyState>
        ) : (
          <ul className="event-grid">
            {events.map((event) => (
              <li key={event.id}>
                <EventCard event={event} city={city} />
              </li>
            ))}
          </ul>
        )}
        {connection?.pageInfo.hasNextPage && (
          <div className="center">
            <button
              type="button"
              className="button button--secondary"
              onClick={() => setFirst((count) => count + PAGE)}
              disabled={result.fetching}
            >
              {t('browse.showMore')}
            </button>
          </div>
        )}
      </section>
    </>
  );
}

function EventCard({ event, city }: { event: EventCardFragment; city: string }) {
  const { t, locale } = useI18n();
  const meta = [event.language, event.rating, formatDuration(event.durationMinutes, locale)]
    .filter(Boolean)
    .join(' · ');
  return (
    <Link className="event-card" to={`/events/${event.id}${city ? `?city=${encodeURIComponent(city)}` : ''}`}>
      <Poster title={event.title} url={event.posterUrl} category={event.category} />
      <span className="event-card__body">
        <span className="event-card__title">{event.title}</span>
        <span className="event-card__meta">{meta}</span>
        <span className="event-card__genres">
          {[t(`category.${event.category}`, { defaultValue: humanize(event.category) }), ...event.genres]
            .slice(0, 3)
            .join(' · ')}
        </span>
      </span>
    </Link>
  );
}
