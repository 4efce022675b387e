import type DataLoader from 'dataloader';
import { escapeLike, groupedLoader, keyedLoader, type BaseContext, type EntityManager } from '@showstream/platform';
import { EventSchema, type Event } from './events/event.entity.ts';
import type { EventService } from './events/event.service.ts';
import { ScreenSchema, type Screen } from './screens/screen.entity.ts';
import type { ScreenService } from './screens/screen.service.ts';
import { ShowSchema, type Show } from './shows/show.entity.ts';
import type { ShowService } from './shows/show.service.ts';
import { VenueSchema, type Venue } from './venues/venue.entity.ts';
import type { VenueService } from './venues/venue.service.ts';

export interface ShowWindow {
  from?: Date | null;
  to?: Date | null;
  city?: string | null;
}

export interface CatalogLoaders {
  event: DataLoader<string, Event | null>;
  venue: DataLoader<string, Venue | null>;
  screen: DataLoader<string, Screen | null>;
  show: DataLoader<string, Show | null>;
  screensByVenue: DataLoader<string, Screen[]>;
  /** One loader per distinct (from, to, city) an operation asks `Event.shows` with. */
  showsByEvent(window: ShowWindow): DataLoader<string, Show[]>;
}

export interface CatalogContext extends BaseContext {
  em: EntityManager;
  venues: VenueService;
  screens: ScreenService;
  events: EventService;
  shows: ShowService;
  loaders: CatalogLoaders;
}

/** One query per kind of row per request, so a page of 50 shows costs the same as a page of 5. */
export function createLoaders(em: EntityManager): CatalogLoaders {
  const showWindows = new Map<string, DataLoader<string, Show[]>>();
  return {
    event: keyedLoader(
      (ids) => em.find(EventSchema, { id: { $in: [...ids] } }),
      (row) => row.id,
    ),
    venue: keyedLoader(
      (ids) => em.find(VenueSchema, { id: { $in: [...ids] } }),
      (row) => row.id,
    ),
    screen: keyedLoader(
      (ids) => em.find(ScreenSchema, { id: { $in: [...ids] } }),
      (row) => row.id,
    ),
    show: keyedLoader(
      (ids) => em.find(ShowSchema, { id: { $in: [...ids] } }),
      (row) => row.id,
    ),
    screensByVenue: groupedLoader(
      (ids) => em.find(ScreenSchema, { venueId: { $in: [...ids] } }, { orderBy: { name: 'asc' } }),
      (row) => row.venueId,
    ),
    showsByEvent(window) {
      const key = JSON.stringify([window.from, window.to, window.city?.toLowerCase()]);
      let loader = showWindows.get(key);
      if (!loader) {
        loader = groupedLoader(
          (eventIds) =>
            em.find(
              ShowSchema,
              {
                eventId: { $in: [...eventIds] },
                status: 'SCHEDULED',
                startsAt: { $gte: window.from ?? new Date(), ...(window.to ? { $lt: window.to } : {}) },
                ...(window.city ? { city: { $ilike: escapeLike(window.city) } } : {}),
              },
              { orderBy: { startsAt: 'asc', id: 'asc' } },
            ),
          (row) => row.eventId,
        );
        showWindows.set(key, loader);
      }
      return loader;
    },
  };
}
