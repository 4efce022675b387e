import { z } from 'zod';
import { loadConfig } from '@showstream/platform';

export const catalogConfigShape = {
  /** Cleaning and seating time between two shows on one screen. */
  CHANGEOVER_MINUTES: z.coerce.number().int().min(0).max(240).default(30),
  /** Used when an event has no duration. */
  DEFAULT_SHOW_DURATION_MINUTES: z.coerce.number().int().min(1).max(1440).default(150),
  /** Load the demo catalogue at start when the catalog is empty (the embedded default sets it). */
  SEED_DEMO_DATA: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
};

export const loadCatalogConfig = () => loadConfig(catalogConfigShape);
export type CatalogConfig = ReturnType<typeof loadCatalogConfig>;
