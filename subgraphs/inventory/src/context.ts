import type DataLoader from 'dataloader';
import { keyedLoader, type BaseContext, type EntityManager } from '@showstream/platform';
import type { SeatLockService } from './locks/seat-lock.service.ts';
import type { SeatMapService } from './seats/seat-map.service.ts';
import { ShowInventorySchema, type ShowInventory } from './shows/show-inventory.entity.ts';

export interface InventoryLoaders {
  showInventory: DataLoader<string, ShowInventory | null>;
}

export interface InventoryContext extends BaseContext {
  em: EntityManager;
  locks: SeatLockService;
  seatMaps: SeatMapService;
  loaders: InventoryLoaders;
}

export function createLoaders(em: EntityManager): InventoryLoaders {
  return {
    showInventory: keyedLoader(
      (ids) => em.find(ShowInventorySchema, { showId: { $in: [...ids] } }),
      (row) => row.showId,
    ),
  };
}
