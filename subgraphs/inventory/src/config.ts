import { z } from 'zod';
import { loadConfig } from '@showstream/platform';

export const inventoryConfigShape = {
  /** How long a hold lasts; the big platforms give 7 to 10 minutes to pay. */
  HOLD_MINUTES: z.coerce.number().positive().max(60).default(8),
  /** Seats one person may hold for one show at a time. */
  MAX_SEATS_PER_USER: z.coerce.number().int().min(1).max(50).default(10),
  /** How often expired holds are freed. */
  EXPIRY_SWEEP_MS: z.coerce.number().int().min(50).max(60_000).default(1_000),
  /** How often inventory_snapshots rows are written for analytics. */
  SNAPSHOT_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(1_000)
    .default(5 * 60_000),
};

export const loadInventoryConfig = () => loadConfig(inventoryConfigShape);
export type InventoryConfig = ReturnType<typeof loadInventoryConfig>;
