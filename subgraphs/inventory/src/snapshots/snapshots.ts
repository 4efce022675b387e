import { run, type EntityManager } from '@showstream/platform';
import { insertSnapshots } from './snapshots.queries.ts';

/** Records every show still on sale at this moment into inventory_snapshots, for analytics. */
export async function takeSnapshots(em: EntityManager): Promise<number> {
  const rows = await run(em, insertSnapshots, undefined);
  return rows.length;
}
