import { DateTimeScalar, isUuid, loadExisting, localTime, money, roleAtLeast } from '@showstream/platform';
import type { CatalogContext } from './context.ts';
import type { Resolvers } from './generated/resolvers.ts';
import { currentPrices } from './shows/pricing.ts';

const isAdmin = (ctx: CatalogContext) => (ctx.principal ? roleAtLeast(ctx.principal.role, 'ADMIN') : false);
/** Ids that cannot exist resolve to null, like ids that do not. */
const byId = <T>(id: string, load: (id: string) => Promise<T | null>) => (isUuid(id) ? load(id) : null);

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query: {
    events: (_parent, args, ctx) => ctx.events.list(args.filter, args.first, args.after, isAdmin(ctx)),
    searchEvents: (_parent, args, ctx) =>
      ctx.events.search(args.query, args.filter, args.first, args.after, isAdmin(ctx)),
    event: (_parent, { id }, ctx) => byId(id, (key) => ctx.loaders.event.load(key)),
    venues: (_parent, args, ctx) => ctx.venues.list(args.city, args.first, args.after),
    venue: (_parent, { id }, ctx) => byId(id, (key) => ctx.loaders.venue.load(key)),
    show: (_parent, { id }, ctx) => byId(id, (key) => ctx.loaders.show.load(key)),
    shows: (_parent, args, ctx) => ctx.shows.list(args.filter, args.first, args.after),
    cities: (_parent, _args, ctx) => ctx.venues.cities(),
  },
  Mutation: {
    createVenue: (_parent, { input }, ctx) => ctx.venues.create(input),
    updateVenue: (_parent, args, ctx) => ctx.venues.update(args.id, args.input),
    addScreen: (_parent, args, ctx) => ctx.screens.add(args.venueId, args.input),
    createEvent: (_parent, { input }, ctx) => ctx.events.create(input),
    updateEvent: (_parent, args, ctx) => ctx.events.update(args.id, args.input),
    archiveEvent: (_parent, { id }, ctx) => ctx.events.archive(id),
    scheduleShow: (_parent, { input }, ctx) => ctx.shows.schedule(input),
    cancelShow: (_parent, args, ctx) => ctx.shows.cancel(args.id, args.reason),
  },
  Event: {
    __resolveReference: (reference, ctx) => ctx.loaders.event.load(reference.id),
    shows: (event, window, ctx) => ctx.loaders.showsByEvent(window).load(event.id),
  },
  Venue: {
    __resolveReference: (reference, ctx) => ctx.loaders.venue.load(reference.id),
    screens: (venue, _args, ctx) => ctx.loaders.screensByVenue.load(venue.id),
    totalCapacity: async (venue, _args, ctx) =>
      (await ctx.loaders.screensByVenue.load(venue.id)).reduce((sum, screen) => sum + screen.capacity, 0),
    facilities: (venue) => venue.facilities ?? [],
  },
  Screen: {
    __resolveReference: (reference, ctx) => ctx.loaders.screen.load(reference.id),
    venue: (screen, _args, ctx) => loadExisting(ctx.loaders.venue, screen.venueId, 'Venue'),
    layout: (screen) => screen.seatingLayout,
  },
  SeatTypePrice: {
    price: (price) => (price.amountMinor === undefined ? null : money(price.amountMinor, price.currency)),
  },
  Show: {
    __resolveReference: (reference, ctx) => ctx.loaders.show.load(reference.id),
    event: (show, _args, ctx) => loadExisting(ctx.loaders.event, show.eventId, 'Event'),
    screen: (show, _args, ctx) => loadExisting(ctx.loaders.screen, show.screenId, 'Screen'),
    venue: (show, _args, ctx) => loadExisting(ctx.loaders.venue, show.venueId, 'Venue'),
    localStartsAt: async (show, _args, ctx) =>
      localTime(show.startsAt, (await loadExisting(ctx.loaders.venue, show.venueId, 'Venue')).timeZone),
    basePrice: (show) => money(show.basePriceMinor, show.currency),
    prices: (show) => currentPrices(show).map((price) => ({ ...price, currency: show.currency })),
    status: (show) =>
      show.status === 'CANCELLED' ? 'CANCELLED' : show.endsAt.getTime() < Date.now() ? 'COMPLETED' : 'SCHEDULED',
  },
};
