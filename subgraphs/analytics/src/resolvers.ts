import { badInput, DateTimeScalar, JSONObjectScalar, LongScalar } from '@showstream/platform';
import { DashboardView, parseGroupBy } from './dashboard/dashboard.service.ts';
import { parseScope } from './dashboard/scope.ts';
import type { Resolvers } from './generated/resolvers.ts';

const MAX_FIRST = 100;
const first = (value: number | null | undefined, fallback: number) => {
  const count = value ?? fallback;
  if (!Number.isInteger(count) || count < 1 || count > MAX_FIRST)
    throw badInput(`first must be between 1 and ${MAX_FIRST}.`, 'first');
  return count;
};

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  JSONObject: JSONObjectScalar,
  Long: LongScalar,
  Query: {
    dashboard: (_parent, args, ctx) => new DashboardView(ctx.dashboard, parseScope(args)),
    revenue: (_parent, args, ctx) =>
      ctx.dashboard.sales(
        parseScope(args),
        parseGroupBy(args.groupBy),
        'period',
        undefined,
        ctx.dashboard.currencyOf(args.currency),
      ),
    userAnalytics: async (_parent, args, ctx) => {
      const scope = parseScope(args);
      return { from: scope.from, to: scope.to, ...(await ctx.dashboard.users(scope)) };
    },
  },
  Mutation: {
    trackEvent: (_parent, { input }, ctx) => ctx.tracking.track(ctx.principal, input),
  },
  Dashboard: {
    bookings: (view) => view.bookings(),
    averageTicketPrice: (view) => view.averageTicketPrice(),
    revenue: (view) => view.revenue(),
    revenueByCurrency: (view) => view.revenueByCurrency(),
    funnel: (view) => view.funnel(),
    occupancy: (view, args) => view.occupancy(first(args.first, 20)),
    activeHolds: (view) => view.activeHolds(),
    topEvents: (view, args) => view.topEvents(first(args.first, 5)),
  },
  ShowOccupancy: {
    show: (row) => ({ id: row.showId }),
    event: (row) => ({ id: row.eventId }),
  },
  EventSales: {
    event: (row) => ({ id: row.eventId }),
  },
  RevenuePoint: {
    event: (row) => (row.eventId ? { id: row.eventId } : null),
  },
};
