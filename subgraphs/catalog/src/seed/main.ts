/** `npm run seed`: loads the demo catalogue into the configured catalog database if it is empty, then exits. */
import { createInfrastructure, loadConfig, openSubgraphStore } from '@showstream/platform';
import { loadCatalogConfig } from '../config.ts';
import { catalogSchema, seedIfEmpty } from '../subgraph.ts';

const infra = await createInfrastructure('catalog-seed', loadConfig());
try {
  const store = await openSubgraphStore(infra, 'catalog', catalogSchema);
  await seedIfEmpty(store, loadCatalogConfig(), infra.logger);
} finally {
  // Stopping drains the outbox relay, so every ShowScheduled event is published before exit.
  await infra.lifecycle.shutdown();
}
