import {
  InternalClient,
  accessTokenVerifier,
  handlerByTopic,
  idempotentHandler,
  loadSchemaFile,
  openSubgraphStore,
  startPeriodic,
  startSubgraphServer,
  SigningKeyStore,
  TICKET_KEYS_PATH,
  signingKeyMigrations,
  type Infrastructure,
  type RunningServer,
} from '@showstream/platform';
import { Migration20261124000400_booking } from '../migrations/Migration20261124000400_booking.ts';
import { Migration20261124000800_booking_expiry_warning } from '../migrations/Migration20261124000800_booking_expiry_warning.ts';
import { Migration20261204100000_tickets } from '../migrations/Migration20261204100000_tickets.ts';
import { Migration20261204110000_booking_shows } from '../migrations/Migration20261204110000_booking_shows.ts';
import { Migration20261210100000_booking_tax_name } from '../migrations/Migration20261210100000_booking_tax_name.ts';
import { BookingSchema, BookingSeatSchema, BookingStatusChangeSchema } from './bookings/booking.entity.ts';
import { BookingLifecycle } from './bookings/booking-lifecycle.ts';
import { BookingService } from './bookings/booking.service.ts';
import { bookingRoutes } from './bookings/booking-facts.ts';
import { loadBookingConfig } from './config.ts';
import { createLoaders, type BookingContext } from './context.ts';
import { HoldSchema } from './holds/hold.entity.ts';
import { HoldOwner } from './holds/hold-owner.ts';
import { bookingStatusRelay } from './live/booking-status-relay.ts';
import { permissions } from './permissions.ts';
import { ShowDetails } from './shows/show-details.ts';
import { CheckInService } from './tickets/check-in.service.ts';
import { TicketBook } from './tickets/ticket-book.ts';
import { TicketSigner } from './tickets/ticket-signer.ts';
import { resolvers } from './resolvers.ts';
import { BookingSaga, SAGA_INVENTORY_EVENTS, SAGA_PAYMENT_EVENTS } from './saga/booking-saga.ts';

export const typeDefs = loadSchemaFile(new URL('../schema.graphql', import.meta.url));

const entities = [BookingSchema, BookingSeatSchema, BookingStatusChangeSchema, HoldSchema];
const migrations = [
  { name: 'Migration20261124000400_booking', class: Migration20261124000400_booking },
  { name: 'Migration20261124000800_booking_expiry_warning', class: Migration20261124000800_booking_expiry_warning },
  // The tickets' signing keys.
  ...signingKeyMigrations,
  { name: 'Migration20261204100000_tickets', class: Migration20261204100000_tickets },
  { name: 'Migration20261204110000_booking_shows', class: Migration20261204110000_booking_shows },
  { name: 'Migration20261210100000_booking_tax_name', class: Migration20261210100000_booking_tax_name },
];

/** Starts the booking subgraph: the saga consumer, the live relay and the deadline sweeper, then the server. */
export async function start(infra: Infrastructure): Promise<RunningServer> {
  const config = loadBookingConfig();
  const store = await openSubgraphStore(infra, 'booking', { entities, migrations });
  // Retired ticket keys stay published for a year: a ticket is signed when bought, maybe months before its show.
  const ticketKeys = await new SigningKeyStore(store.orm, {
    algorithm: 'ES256',
    retiredPublishedForMs: 366 * 24 * 60 * 60 * 1000,
  }).load();
  const signer = new TicketSigner(ticketKeys);
  const ticketBook = new TicketBook(signer, config);
  const lifecycle = new BookingLifecycle(store.outbox, ticketBook);
  const shows = new ShowDetails(new InternalClient(config, 'catalog', infra.logger));
  const saga = new BookingSaga(lifecycle, store.outbox, config, infra.logger, shows);
  // One client per process: its circuit breaker is the inventory service's, for every request.
  const holdOwner = new HoldOwner(new InternalClient(config, 'inventory', infra.logger));

  // One group for both topics: the hold projection and the hold's answers come in one partition's order.
  await infra.bus.consume({
    groupId: 'booking-saga',
    topics: ['inventory-events', 'payment-events'],
    handler: handlerByTopic({
      'inventory-events': idempotentHandler(
        store.orm,
        'booking-saga',
        (envelope, tx) => saga.onInventoryEvent(envelope, tx),
        { types: SAGA_INVENTORY_EVENTS },
      ),
      'payment-events': idempotentHandler(
        store.orm,
        'booking-saga',
        (envelope, tx) => saga.onPaymentEvent(envelope, tx),
        { types: SAGA_PAYMENT_EVENTS },
      ),
    }),
  });
  // Live updates only matter from now on; a new relay group need not replay history into Redis.
  await infra.bus.consume({
    groupId: 'booking-live-relay',
    topics: ['booking-events'],
    handler: bookingStatusRelay(infra.pubsub),
    fromBeginning: false,
  });

  startPeriodic(
    'booking deadlines',
    config.BOOKING_EXPIRY_SWEEP_MS,
    async () => (await saga.warnExpiring(store.orm.em)) + (await saga.expireDue(store.orm.em)),
    {
      lifecycle: infra.lifecycle,
      logger: infra.logger,
    },
  );

  return startSubgraphServer<BookingContext>({
    name: 'booking',
    infra,
    typeDefs,
    resolvers,
    permissions,
    store,
    verifyToken: accessTokenVerifier(config),
    createContext: (base, em) => ({
      ...base,
      em,
      bookings: new BookingService(em, lifecycle, config, holdOwner),
      shows,
      checkIns: new CheckInService(em, { signer, book: ticketBook, pubsub: infra.pubsub, logger: infra.logger }),
      loaders: createLoaders(em),
    }),
    extraHealthChecks: { pubsub: () => infra.pubsub.healthy() },
    internalRoutes: bookingRoutes(store.orm.em, shows),
    publicRoutes: (app) => {
      app.get(TICKET_KEYS_PATH, (_req, res) => {
        res.set('Cache-Control', 'public, max-age=300').json(ticketKeys.jwks);
      });
    },
  });
}
