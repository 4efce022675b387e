import type { ResolverTypesConfig } from '../../schema/resolver-types.ts';

/** Resolver types: `npm run compose` writes them to src/generated/resolvers.ts. */
export default {
  contextType: '../context.ts#InventoryContext',
  mappers: {
    SeatLock: '../locks/seat-lock.entity.ts#SeatLock',
    Show: '@showstream/platform#EntityReference',
    SeatMap: '../seats/seat-map.service.ts#SeatMapView',
  },
} satisfies ResolverTypesConfig;
