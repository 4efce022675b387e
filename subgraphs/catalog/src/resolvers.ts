import type { GraphQLResolverMap } from '@apollo/subgraph';
import { DateTimeScalar, isUuid, money, roleAtLeast } from '@showstream/platform';
import type { CatalogContext, ShowWindow } from './context.ts';
import type { Event } from './events/event.entity.ts';
import type { EventFilter } from './events/event.service.ts';
import type { Screen } from './screens/screen.entity.ts';
import { currentPrices } from './shows/pricing.ts';
import type { Show } from './shows/show.entity.ts';
import type { ShowFilter } from './shows/show.service.ts';
import type { Venue } from './venues/venue.entity.ts';

type Page = { first?: number; after?: string };
const isAdmin = (ctx: CatalogContext) => (ctx.principal ? roleAtLeast(ctx.principal.role, 'ADMIN') : false);
/** Ids that cannot exist resolve to null, like ids that do not. */
const byId = <T>(id: string, load: (id: string) => Promise<T | undefined>) =>
  isUuid(id) ? load(id).then((row) => row ?? null) : null;

export const resolvers: GraphQLResolverMap<CatalogContext> = {
  DateTime: DateTimeScalar,
  Query: {
    events: (_parent, args: Page & { filter?: EventFilter }, ctx) =>
      ctx.events.list(args.filter, args.first, args.after, isAdmin(ctx)),
    searchEvents: (_parent, args: Page & { query: string; filter?: EventFilter }, ctx) =>
      ctx.events.search(args.query, args.filter, args.first, args.after, isAdmin(ctx)),
    event: (_parent, { id }: { id: string }, ctx) => byId(id, (key) => ctx.loaders.event.load(key)),
    venues: (_parent, args: Page & { city?: string }, ctx) => ctx.venues.list(args.city, args.first, args.after),
    venue: (_parent, { id }: { id: string }, ctx) => byId(id, (key) => ctx.loaders.venue.load(key)),
    show: (_parent, { id }: { id: string }, ctx) => byId(id, (key) => ctx.loaders.show.load(key)),
    shows: (_parent, args: Page & { filter?: ShowFilter }, ctx) => ctx.shows.list(args.filter, args.first, args.after),
    cities: (_parent, _args, ctx) => ctx.venues.cities(),
  },
  Mutation: {
    createVenue: (_parent, { input }: { input: unknown }, ctx) => ctx.venues.create(input),
    updateVenue: (_parent, args: { id: string; input: unknown }, ctx) => ctx.venues.update(args.id, args.input),
    addScreen: (_parent, args: { venueId: string; input: unknown }, ctx) => ctx.screens.add(args.venueId, args.input),
    createEvent: (_parent, { input }: { input: unknown }, ctx) => ctx.events.create(input),
    updateEvent: (_parent, args: { id: string; input: unknown }, ctx) => ctx.events.update(args.id, args.input),
    archiveEvent: (_parent, { id }: { id: string }, ctx) => ctx.events.archive(id),
    scheduleShow: (_parent, { input }: { input: unknown }, ctx) => ctx.shows.schedule(input),
    cancelShow: (_parent, args: { id: string; reason: string }, ctx) => ctx.shows.cancel(args.id, args.reason),
  },
  Event: {
    __resolveReference: (reference: { id: string }, ctx: CatalogContext) => ctx.loaders.event.load(reference.id),
    shows: (event: Event, window: ShowWindow, ctx) => ctx.loaders.showsByEvent(window).load(event.id),
  },
  Venue: {
    __resolveReference: (reference: { id: string }, ctx: CatalogContext) => ctx.loaders.venue.load(reference.id),
    screens: (venue: Venue, _args, ctx) => ctx.loaders.screensByVenue.load(venue.id),
    totalCapacity: async (venue: Venue, _args, ctx) =>
      (await ctx.loaders.screensByVenue.load(venue.id)).reduce((sum, screen) => sum + screen.capacity, 0),
    facilities: (venue: Venue) => venue.facilities ?? [],
  },
  Screen: {
    __resolveReference: (reference: { id: string }, ctx: CatalogContext) => ctx.loaders.screen.load(reference.id),
    venue: (screen: Screen, _args, ctx) => ctx.loaders.venue.load(screen.venueId),
    layout: (screen: Screen) => screen.seatingLayout,
  },
  SeatTypePrice: {
    price: (price: { amountMinor?: number; currency?: string }) =>
      price.amountMinor === undefined ? null : money(price.amountMinor, price.currency),
  },
  Show: {
    __resolveReference: (reference: { id: string }, ctx: CatalogContext) => ctx.loaders.show.load(reference.id),
    event: (show: Show, _args, ctx) => ctx.loaders.event.load(show.eventId),
    screen: (show: Show, _args, ctx) => ctx.loaders.screen.load(show.screenId),
    venue: (show: Show, _args, ctx) => ctx.loaders.venue.load(show.venueId),
    basePrice: (show: Show) => money(show.basePriceMinor, show.currency),
    prices: (show: Show) => currentPrices(show).map((price) => ({ ...price, currency: show.currency })),
    status: (show: Show) =>
      show.status === 'CANCELLED' ? 'CANCELLED' : show.endsAt.getTime() < Date.now() ? 'COMPLETED' : 'SCHEDULED',
  },
};
