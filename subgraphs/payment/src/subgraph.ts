import {
  InternalClient,
  accessTokenVerifier,
  idempotentHandler,
  loadSchemaFile,
  openSubgraphStore,
  startPeriodic,
  startSubgraphServer,
  type EntityManager,
  type Infrastructure,
  type RunningServer,
} from '@showstream/platform';
import { Migration20261124000500_payment } from '../migrations/Migration20261124000500_payment.ts';
import { BookingEventsHandler } from './bookings/booking-events.handler.ts';
import { BookingOwner } from './bookings/booking-owner.ts';
import { BookingProjectionSchema } from './bookings/booking-projection.entity.ts';
import { loadPaymentConfig } from './config.ts';
import { createLoaders, type PaymentContext } from './context.ts';
import { FraudCheckSchema } from './fraud/fraud-check.entity.ts';
import { FraudService } from './fraud/fraud.service.ts';
import { SANDBOX_IN_PRODUCTION_NOTICE, createGateways } from './gateways/registry.ts';
import { PaymentSchema } from './payments/payment.entity.ts';
import { PaymentService } from './payments/payment.service.ts';
import { permissions } from './permissions.ts';
import { RefundSchema } from './refunds/refund.entity.ts';
import { RefundService } from './refunds/refund.service.ts';
import { resolvers } from './resolvers.ts';
import { WebhookHandler } from './webhooks/webhook.handler.ts';

export const typeDefs = loadSchemaFile(new URL('../schema.graphql', import.meta.url));

const entities = [BookingProjectionSchema, PaymentSchema, RefundSchema, FraudCheckSchema];
const migrations = [{ name: 'Migration20261124000500_payment', class: Migration20261124000500_payment }];

/** Starts the payment subgraph: gateways, the booking projection, the refund worker and reconciler, webhooks, then the server. */
export async function start(infra: Infrastructure): Promise<RunningServer> {
  const config = loadPaymentConfig();
  const store = await openSubgraphStore(infra, 'payment', { entities, migrations });
  const gateways = await createGateways(config, infra);
  const fraud = new FraudService(config);
  const refundService = (em: EntityManager) => new RefundService(em, store.outbox, gateways, config, infra.logger);
  // One client per process: its circuit breaker is the booking service's, for every request.
  const bookingOwner = new BookingOwner(new InternalClient(config, 'booking', infra.logger));
  const paymentService = (em: EntityManager) =>
    new PaymentService({
      em,
      outbox: store.outbox,
      gateways,
      fraud,
      refunds: refundService(em),
      bookingOwner,
      config,
      logger: infra.logger,
    });

  const bookings = new BookingEventsHandler(refundService(store.orm.em.fork()), infra.logger);
  await infra.bus.consume({
    groupId: 'payment-bookings',
    topics: ['booking-events'],
    handler: idempotentHandler(store.orm, 'payment-bookings', (envelope, tx) => bookings.handle(envelope, tx)),
  });

  const deps = { lifecycle: infra.lifecycle, logger: infra.logger };
  startPeriodic(
    'refund worker',
    config.REFUND_INTERVAL_MS,
    () => refundService(store.orm.em.fork()).processDue(),
    deps,
  );
  startPeriodic(
    'payment reconciler',
    config.RECONCILE_INTERVAL_MS,
    () => paymentService(store.orm.em.fork()).reconcile(),
    deps,
  );

  const webhooks = new WebhookHandler({
    em: store.orm.em,
    gateways,
    payments: paymentService(store.orm.em.fork()),
    refunds: refundService(store.orm.em.fork()),
    logger: infra.logger,
  });
  return startSubgraphServer<PaymentContext>({
    name: 'payment',
    infra,
    typeDefs,
    resolvers,
    permissions,
    store,
    verifyToken: accessTokenVerifier(config),
    readinessNotices:
      config.NODE_ENV === 'production' && config.sandboxEnabled
        ? { paymentSandbox: SANDBOX_IN_PRODUCTION_NOTICE }
        : undefined,
    createContext: (base, em) => ({
      ...base,
      em,
      payments: paymentService(em),
      gatewayNames: [...gateways.keys()],
      loaders: createLoaders(em),
    }),
    // Gateways call these directly (the router serves only /graphql); they authenticate by signature.
    publicRoutes: (app) => {
      app.post('/webhooks/payments/:gateway', (req, res) => void webhooks.handle(req.params.gateway, req, res));
    },
  });
}
