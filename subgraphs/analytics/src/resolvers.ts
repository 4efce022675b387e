import type { GraphQLResolverMap } from '@apollo/subgraph';
import { badInput, DateTimeScalar, JSONObjectScalar } from '@showstream/platform';
import type { AnalyticsContext } from './context.ts';
import { DashboardView, parseGroupBy, type SalesRow, type ShowOccupancy } from './dashboard/dashboard.service.ts';
import { parseScope } from './dashboard/scope.ts';

interface PeriodArgs {
  from?: Date | null;
  to?: Date | null;
  filter?: unknown;
}

const MAX_FIRST = 100;
const first = (value: number | null | undefined, fallback: number) => {
  const count = value ?? fallback;
  if (!Number.isInteger(count) || count < 1 || count > MAX_FIRST)
    throw badInput(`first must be between 1 and ${MAX_FIRST}.`, 'first');
  return count;
};

export const resolvers: GraphQLResolverMap<AnalyticsContext> = {
  DateTime: DateTimeScalar,
  JSONObject: JSONObjectScalar,
  Query: {
    dashboard: (_parent, args: PeriodArgs, ctx) => new DashboardView(ctx.dashboard, parseScope(args)),
    revenue: (_parent, args: PeriodArgs & { groupBy: string }, ctx) =>
      ctx.dashboard.sales(parseScope(args), parseGroupBy(args.groupBy)),
    userAnalytics: async (_parent, args: PeriodArgs, ctx) => {
      const scope = parseScope(args);
      return { from: scope.from, to: scope.to, ...(await ctx.dashboard.users(scope)) };
    },
  },
  Mutation: {
    trackEvent: (_parent, { input }: { input: unknown }, ctx) => ctx.tracking.track(ctx.principal, input),
  },
  Dashboard: {
    bookings: (view: DashboardView) => view.bookings(),
    averageTicketPrice: (view: DashboardView) => view.averageTicketPrice(),
    revenue: (view: DashboardView) => view.revenue(),
    funnel: (view: DashboardView) => view.funnel(),
    occupancy: (view: DashboardView, args: { first?: number | null }) => view.occupancy(first(args.first, 20)),
    activeHolds: (view: DashboardView) => view.activeHolds(),
    topEvents: (view: DashboardView, args: { first?: number | null }) => view.topEvents(first(args.first, 5)),
  },
  ShowOccupancy: {
    show: (row: ShowOccupancy) => ({ id: row.showId }),
    event: (row: ShowOccupancy) => ({ id: row.eventId }),
  },
  EventSales: {
    event: (row: { eventId: string }) => ({ id: row.eventId }),
  },
  RevenuePoint: {
    event: (row: SalesRow) => (row.eventId ? { id: row.eventId } : null),
  },
};
