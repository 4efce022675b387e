import {
  accessTokenVerifier,
  createRateLimiter,
  handlerByTopic,
  idempotentHandler,
  loadSchemaFile,
  openSubgraphStore,
  startSubgraphServer,
  type Infrastructure,
  type RunningServer,
} from '@showstream/platform';
import { Migration20261124000700_analytics } from '../migrations/Migration20261124000700_analytics.ts';
import { registerAlertMetrics } from './alerts/alert-metrics.ts';
import { loadAnalyticsConfig } from './config.ts';
import type { AnalyticsContext } from './context.ts';
import { DashboardService } from './dashboard/dashboard.service.ts';
import { FactsHandler } from './facts/facts.handler.ts';
import { permissions } from './permissions.ts';
import { resolvers } from './resolvers.ts';
import { Rollups } from './rollups/rollups.ts';
import { TrackingService } from './tracking/tracking.service.ts';
import { UserAnalyticsEventSchema } from './tracking/user-analytics-event.entity.ts';

export const typeDefs = loadSchemaFile(new URL('../schema.graphql', import.meta.url));

// Facts and rollups are written with SQL upserts (each event adds to counters); only tracked events are entities.
const entities = [UserAnalyticsEventSchema];
const migrations = [{ name: 'Migration20261124000700_analytics', class: Migration20261124000700_analytics }];

/** Starts the analytics subgraph: consumers of every topic, the alerting gauges, then the server. */
export async function start(infra: Infrastructure): Promise<RunningServer> {
  const config = loadAnalyticsConfig();
  const store = await openSubgraphStore(infra, 'analytics', { entities, migrations });
  const rollups = new Rollups(config);
  const facts = new FactsHandler(rollups);

  // One group per stream of related events: the sales events (booking, payment, the saga's success) keep their
  // per-booking order in one consumer; inventory and users drain beside it. All share one inbox name, since an
  // event id is applied once whichever group reads it.
  await infra.bus.consume({
    groupId: 'analytics',
    topics: [
      'booking-events',
      'payment-events',
      'analytics-events',
      'inventory-events',
      'user-events',
      'notification-events',
    ],
    handler: handlerByTopic({
      'booking-events': idempotentHandler(store.orm, 'analytics', (envelope, tx) => facts.bookingEvent(envelope, tx)),
      'payment-events': idempotentHandler(store.orm, 'analytics', (envelope, tx) => facts.paymentEvent(envelope, tx)),
      'analytics-events': idempotentHandler(store.orm, 'analytics', (envelope, tx) =>
        facts.analyticsEvent(envelope, tx),
      ),
      'inventory-events': idempotentHandler(store.orm, 'analytics', (envelope, tx) =>
        facts.inventoryEvent(envelope, tx),
      ),
      'user-events': idempotentHandler(store.orm, 'analytics', (envelope, tx) => facts.userEvent(envelope, tx)),
      'notification-events': idempotentHandler(store.orm, 'analytics', (envelope, tx) =>
        facts.notificationEvent(envelope, tx),
      ),
    }),
  });

  registerAlertMetrics({
    orm: store.orm,
    bus: infra.bus,
    logger: infra.logger,
    windowMinutes: config.ALERT_WINDOW_MINUTES,
  });

  const limiter = createRateLimiter(infra, {
    keyPrefix: 'analytics:track',
    points: config.TRACK_EVENT_RATE_POINTS,
    durationSeconds: config.TRACK_EVENT_RATE_WINDOW_SECONDS,
    what: 'tracked events',
  });
  return startSubgraphServer<AnalyticsContext>({
    name: 'analytics',
    infra,
    typeDefs,
    resolvers,
    permissions,
    store,
    verifyToken: accessTokenVerifier(config),
    createContext: (base, em) => ({
      ...base,
      em,
      dashboard: new DashboardService(em, config),
      tracking: new TrackingService({ em, limiter, rollups, config }),
    }),
  });
}
