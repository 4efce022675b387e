import type { ShowFacts } from '@showstream/contracts';
import { internalRoutes, isUuid, type EntityManager, type InternalRoutes } from '@showstream/platform';
import { EventSchema } from '../events/event.entity.ts';
import { VenueSchema } from '../venues/venue.entity.ts';
import { ShowSchema } from './show.entity.ts';

/** A show as catalog knows it, for what other services tell buyers about it (booking's confirmations). */
export async function showFacts(em: EntityManager, showId: string): Promise<ShowFacts | undefined> {
  if (!isUuid(showId)) return undefined;
  const fork = em.fork();
  const show = await fork.findOne(ShowSchema, { id: showId });
  if (!show) return undefined;
  const [event, venue] = await Promise.all([
    fork.findOneOrFail(EventSchema, { id: show.eventId }),
    fork.findOneOrFail(VenueSchema, { id: show.venueId }),
  ]);
  return {
    showId: show.id,
    eventTitle: event.title,
    venueName: venue.name,
    venueAddress: venue.address ?? null,
    timeZone: venue.timeZone,
    startsAt: show.startsAt.toISOString(),
    endsAt: show.endsAt.toISOString(),
  };
}

/** Catalog's internal API: it owns shows. */
export const showRoutes = (em: EntityManager): InternalRoutes =>
  internalRoutes({
    '/shows/:showId': ({ showId }) => showFacts(em, showId),
  });
