import { InternalCallError, serviceUnavailable, type EntityManager, type InternalClient } from '@showstream/platform';
import type { Hold } from './hold.entity.ts';
import { recordHold, type HeldSeats } from './hold-projection.ts';

/** Inventory's answer (its `locks/hold-facts.ts`): SeatsLocked's facts and the hold's status now. */
interface HoldFact extends HeldSeats {
  status: 'ACTIVE' | 'RELEASED' | 'EXPIRED' | 'CONSUMED';
}

/**
 * A consumed hold is ACTIVE in booking's projection (only SeatsReleased or ShowCancelled move it),
 * so inventory's statuses map onto what the events would have left there.
 */
const PROJECTED: Record<HoldFact['status'], Hold['status']> = {
  ACTIVE: 'ACTIVE',
  CONSUMED: 'ACTIVE',
  RELEASED: 'RELEASED',
  EXPIRED: 'EXPIRED',
};

/**
 * Asks inventory, which owns holds, for a hold booking's projection has not seen yet (the
 * `booking-saga` consumer may be behind), and records the answer in the projection as SeatsLocked
 * (and SeatsReleased) would have; the booking then proceeds on its normal path, which decides
 * ownership, status and time left from what inventory said.
 */
export class HoldOwner {
  readonly #inventory: InternalClient;

  constructor(inventory: InternalClient) {
    this.#inventory = inventory;
  }

  /** False when inventory has no such hold. */
  async confirm(em: EntityManager, lockId: string): Promise<boolean> {
    let hold: HoldFact | undefined;
    try {
      hold = await this.#inventory.get<HoldFact>(`/holds/${lockId}`);
    } catch (error) {
      if (!(error instanceof InternalCallError)) throw error;
      throw serviceUnavailable('Your hold could not be confirmed right now; nothing was booked. Try again shortly.', 2);
    }
    if (!hold) return false;
    // One insert, committed on its own: a later SeatsLocked or a concurrent answer is a no-op against it.
    await recordHold(em.fork(), hold, PROJECTED[hold.status]);
    return true;
  }
}
