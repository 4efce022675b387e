import {
  accessTokenVerifier,
  handlerByTopic,
  idempotentHandler,
  loadSchemaFile,
  openSubgraphStore,
  startPeriodic,
  startSubgraphServer,
  type EntityManager,
  type Infrastructure,
  type RunningServer,
} from '@showstream/platform';
import { Migration20261124000300_inventory } from '../migrations/Migration20261124000300_inventory.ts';
import { Migration20261203000000_hold_functions } from '../migrations/Migration20261203000000_hold_functions.ts';
import { Migration20261204000000_hold_functions_seat_rows } from '../migrations/Migration20261204000000_hold_functions_seat_rows.ts';
import { BookingSync } from './bookings/booking-sync.ts';
import { loadInventoryConfig } from './config.ts';
import { createLoaders, type InventoryContext } from './context.ts';
import { seatMapRelay } from './live/seat-map-relay.ts';
import { holdRoutes } from './locks/hold-facts.ts';
import { SeatLockSchema } from './locks/seat-lock.entity.ts';
import { SeatLockService } from './locks/seat-lock.service.ts';
import { permissions } from './permissions.ts';
import { resolvers } from './resolvers.ts';
import { SeatSchema } from './seats/seat.entity.ts';
import { SeatMapService } from './seats/seat-map.service.ts';
import { ShowInventorySchema } from './shows/show-inventory.entity.ts';
import { ShowSync } from './shows/show-sync.ts';
import { takeSnapshots } from './snapshots/snapshots.ts';

export const typeDefs = loadSchemaFile(new URL('../schema.graphql', import.meta.url));

const entities = [ShowInventorySchema, SeatSchema, SeatLockSchema];
const migrations = [
  { name: 'Migration20261124000300_inventory', class: Migration20261124000300_inventory },
  { name: 'Migration20261203000000_hold_functions', class: Migration20261203000000_hold_functions },
  {
    name: 'Migration20261204000000_hold_functions_seat_rows',
    class: Migration20261204000000_hold_functions_seat_rows,
  },
];

/** Starts the inventory subgraph: catalog sync, the live relay, hold expiry and snapshots, then the server. */
export async function start(infra: Infrastructure): Promise<RunningServer> {
  const config = loadInventoryConfig();
  const store = await openSubgraphStore(infra, 'inventory', { entities, migrations });
  const lockService = (em: EntityManager) => new SeatLockService(em, store.outbox, config);
  const showSync = new ShowSync(store.outbox, lockService);

  const bookingSync = new BookingSync(store.outbox, lockService);
  // One consumer group for the service; each job keeps its own inbox.
  await infra.bus.consume({
    groupId: 'inventory',
    topics: ['inventory-events', 'booking-events'],
    handler: handlerByTopic({
      'inventory-events': idempotentHandler(
        store.orm,
        'inventory-show-sync',
        (envelope, tx) => showSync.handle(envelope, tx),
        { types: ShowSync.EVENT_TYPES },
      ),
      'booking-events': idempotentHandler(store.orm, 'inventory-bookings', (envelope, tx) =>
        bookingSync.handle(envelope, tx),
      ),
    }),
  });
  // Live updates only matter from now on; a new relay group need not replay history into Redis.
  await infra.bus.consume({
    groupId: 'inventory-live-relay',
    topics: ['inventory-events'],
    handler: seatMapRelay(infra.pubsub),
    fromBeginning: false,
  });

  const deps = { lifecycle: infra.lifecycle, logger: infra.logger };
  startPeriodic('hold expiry', config.EXPIRY_SWEEP_MS, () => lockService(store.orm.em.fork()).expireDue(), deps);
  startPeriodic('inventory snapshots', config.SNAPSHOT_INTERVAL_MS, () => takeSnapshots(store.orm.em.fork()), deps);

  return startSubgraphServer<InventoryContext>({
    name: 'inventory',
    infra,
    typeDefs,
    resolvers,
    permissions,
    store,
    verifyToken: accessTokenVerifier(config),
    createContext: (base, em) => ({
      ...base,
      em,
      locks: lockService(em),
      seatMaps: new SeatMapService(em),
      loaders: createLoaders(em),
    }),
    extraHealthChecks: { pubsub: () => infra.pubsub.healthy() },
    internalRoutes: holdRoutes(store.orm.em),
  });
}
