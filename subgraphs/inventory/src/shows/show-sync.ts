import { randomUUID } from 'node:crypto';
import type { EventData, TopicEnvelope } from '@showstream/contracts';
import { run, type EntityManager, type Outbox } from '@showstream/platform';
import type { SeatLockService } from '../locks/seat-lock.service.ts';
import { SeatSchema, seatView } from '../seats/seat.entity.ts';
import { announceSeatChange } from './show-versions.ts';
import {
  activeHoldsOfShow,
  blockAvailableSeats,
  cancelShowInventory,
  createShowInventory,
  lockShowInventory,
} from './shows.queries.ts';

/**
 * Keeps inventory in step with the catalogue: a scheduled show gets its seats, a cancelled one
 * stops selling (holds released, unsold seats blocked). Runs inside the inbox transaction, so a
 * redelivered event changes nothing.
 */
export class ShowSync {
  readonly #outbox: Outbox;
  readonly #locks: (em: EntityManager) => SeatLockService;

  constructor(outbox: Outbox, locks: (em: EntityManager) => SeatLockService) {
    this.#outbox = outbox;
    this.#locks = locks;
  }

  /** The catalog's events on the inventory topic. */
  static readonly EVENT_TYPES = ['ShowScheduled', 'ShowCancelled'] as const;

  async handle(
    envelope: TopicEnvelope<'inventory-events', (typeof ShowSync.EVENT_TYPES)[number]>,
    tx: EntityManager,
  ): Promise<void> {
    if (envelope.type === 'ShowScheduled') await this.#createShow(tx, envelope.data);
    else await this.#cancelShow(tx, envelope.data);
  }

  async #createShow(tx: EntityManager, show: EventData<'inventory-events', 'ShowScheduled'>): Promise<void> {
    const inserted = await run(tx, createShowInventory, {
      showId: show.showId,
      eventId: show.eventId,
      startsAt: show.startsAt,
      endsAt: show.endsAt,
      currency: show.currency,
      seatCount: show.seats.length,
    });
    if (inserted.length === 0) return;
    await tx.insertMany(
      SeatSchema,
      show.seats.map((seat, position) => ({
        id: randomUUID(),
        showId: show.showId,
        seatNumber: seat.number,
        rowLabel: seat.row,
        seatType: seat.seatType,
        priceMinor: seat.priceMinor,
        position,
        status: 'AVAILABLE' as const,
        updatedAt: new Date(),
      })),
    );
    await this.#outbox.add(tx, 'inventory-events', {
      type: 'ShowInventoryCreated',
      key: show.showId,
      data: { showId: show.showId, version: 1, currency: show.currency, seats: [] },
    });
  }

  async #cancelShow(tx: EntityManager, cancelled: EventData<'inventory-events', 'ShowCancelled'>): Promise<void> {
    const showId = cancelled.showId;
    const [show] = await run(tx, lockShowInventory, { showId });
    if (!show || show.status === 'CANCELLED') return;
    await run(tx, cancelShowInventory, { showId });
    const locks = await run(tx, activeHoldsOfShow, { showId });
    const lockService = this.#locks(tx);
    for (const lock of locks) await lockService.endLock(tx, lock, 'SHOW_CANCELLED');
    const blocked = await run(tx, blockAvailableSeats, { showId });
    if (blocked.length === 0) return;
    await announceSeatChange(
      tx,
      this.#outbox,
      showId,
      { available: -blocked.length },
      {
        type: 'SeatsBlocked',
        key: showId,
        data: {
          showId,
          currency: show.currency,
          seats: blocked.map((seat) => seatView(seat)),
        },
      },
    );
  }
}
