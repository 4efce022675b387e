import type { ResolverTypesConfig } from '../../schema/resolver-types.ts';

/** Resolver types: `npm run compose` writes them to src/generated/resolvers.ts. */
export default {
  contextType: '../context.ts#CatalogContext',
  mappers: {
    Event: '../events/event.entity.ts#Event',
    Venue: '../venues/venue.entity.ts#Venue',
    Screen: '../screens/screen.entity.ts#Screen',
    Show: '../shows/show.entity.ts#Show',
    SeatTypePrice: '../shows/pricing.ts#PricedSeatType',
  },
} satisfies ResolverTypesConfig;
