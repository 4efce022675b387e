import { allow, hasRole, type PermissionOptions } from '@showstream/platform';

/** Figures are for admins; anyone may track an event (TrackingService limits it). Anything not listed is denied. */
export const permissions: PermissionOptions = {
  // Show and Event are only referenced (resolvable: false): nothing is loaded through `_entities` here.
  entityTypes: [],
  rules: {
    Query: { dashboard: hasRole('ADMIN'), revenue: hasRole('ADMIN'), userAnalytics: hasRole('ADMIN') },
    Mutation: { trackEvent: allow },
    // Reached only through the guarded root fields above.
    Dashboard: allow,
    BookingFigures: allow,
    RevenueFigures: allow,
    ConversionFunnel: allow,
    ShowOccupancy: allow,
    ActiveHolds: allow,
    EventSales: allow,
    RevenuePoint: allow,
    UserAnalytics: allow,
    Show: allow,
    Event: allow,
    Money: allow,
    MoneyTotal: allow,
  },
};
