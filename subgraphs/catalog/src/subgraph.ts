import {
  accessTokenVerifier,
  loadSchemaFile,
  openSubgraphStore,
  startSubgraphServer,
  type EntityManager,
  type Infrastructure,
  type Logger,
  type RunningServer,
  type SubgraphStore,
} from '@showstream/platform';
import { Migration20261124000200_catalog } from '../migrations/Migration20261124000200_catalog.ts';
import { Migration20261205000200_venue_time_zones } from '../migrations/Migration20261205000200_venue_time_zones.ts';
import { loadCatalogConfig, type CatalogConfig } from './config.ts';
import { seedDemoCatalog, type CatalogServices } from './seed/demo-catalog.ts';
import { createLoaders, type CatalogContext } from './context.ts';
import { EventSchema } from './events/event.entity.ts';
import { EventService } from './events/event.service.ts';
import { permissions } from './permissions.ts';
import { resolvers } from './resolvers.ts';
import { ScreenSchema } from './screens/screen.entity.ts';
import { ScreenService } from './screens/screen.service.ts';
import { ShowSchema } from './shows/show.entity.ts';
import { ShowService } from './shows/show.service.ts';
import { VenueSchema } from './venues/venue.entity.ts';
import { VenueService } from './venues/venue.service.ts';
import { showRoutes } from './shows/show-facts.ts';

export const typeDefs = loadSchemaFile(new URL('../schema.graphql', import.meta.url));

export const catalogSchema = {
  entities: [VenueSchema, ScreenSchema, EventSchema, ShowSchema],
  migrations: [
    { name: 'Migration20261124000200_catalog', class: Migration20261124000200_catalog },
    { name: 'Migration20261205000200_venue_time_zones', class: Migration20261205000200_venue_time_zones },
  ],
};

function createServices(em: EntityManager, store: SubgraphStore, config: CatalogConfig): CatalogServices {
  return {
    venues: new VenueService(em),
    screens: new ScreenService(em),
    events: new EventService(em),
    shows: new ShowService(em, store.outbox, config),
  };
}

/** Loads the demo catalogue into an empty catalog database; says so and does nothing otherwise. */
export async function seedIfEmpty(store: SubgraphStore, config: CatalogConfig, logger: Logger): Promise<void> {
  const em = store.orm.em.fork();
  const existing = await em.count(EventSchema, {});
  if (existing > 0) {
    logger.info({ events: existing }, 'catalog already has data; not seeding');
    return;
  }
  const counts = await seedDemoCatalog(createServices(em, store, config));
  logger.info(counts, 'seeded the demo catalogue');
}

/** Starts the catalog subgraph on `infra`. */
export async function start(infra: Infrastructure): Promise<RunningServer> {
  const config = loadCatalogConfig();
  const store = await openSubgraphStore(infra, 'catalog', catalogSchema);
  if (config.SEED_DEMO_DATA) await seedIfEmpty(store, config, infra.logger);
  return startSubgraphServer<CatalogContext>({
    name: 'catalog',
    infra,
    typeDefs,
    resolvers,
    permissions,
    store,
    verifyToken: accessTokenVerifier(config),
    createContext: (base, em) => ({ ...base, em, ...createServices(em, store, config), loaders: createLoaders(em) }),
    internalRoutes: showRoutes(store.orm.em),
  });
}
