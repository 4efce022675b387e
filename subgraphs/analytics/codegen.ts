import type { ResolverTypesConfig } from '../../schema/resolver-types.ts';

/** Resolver types: `npm run compose` writes them to src/generated/resolvers.ts. */
export default {
  contextType: '../context.ts#AnalyticsContext',
  mappers: {
    Dashboard: '../dashboard/dashboard.service.ts#DashboardView',
    ShowOccupancy: '../dashboard/dashboard.service.ts#ShowOccupancy',
    EventSales: '../dashboard/dashboard.service.ts#EventSalesRow',
    RevenuePoint: '../dashboard/dashboard.service.ts#SalesRow',
  },
} satisfies ResolverTypesConfig;
