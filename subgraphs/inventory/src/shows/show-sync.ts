import { randomUUID } from 'node:crypto';
import type { EventData, TopicEnvelope } from '@showstream/contracts';
import { query, type EntityManager, type Outbox } from '@showstream/platform';
import type { LockRow, SeatLockService } from '../locks/seat-lock.service.ts';
import { SeatSchema } from '../seats/seat.entity.ts';
import { announceSeatChange } from './show-versions.ts';

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
    const inserted = await query<{ show_id: string }>(
      tx,
      `insert into show_inventory (show_id, event_id, starts_at, ends_at, currency, version, total_seats, available)
       values (?, ?, ?, ?, ?, 1, ?, ?) on conflict (show_id) do nothing returning show_id`,
      [show.showId, show.eventId, show.startsAt, show.endsAt, show.currency, show.seats.length, show.seats.length],
    );
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
    const [show] = await query<{ status: string; currency: string }>(
      tx,
      'select status, currency from show_inventory where show_id = ? for update',
      [cancelled.showId],
    );
    if (!show || show.status === 'CANCELLED') return;
    await query(tx, "update show_inventory set status = 'CANCELLED', updated_at = now() where show_id = ?", [
      cancelled.showId,
    ]);
    const locks = await query<LockRow>(
      tx,
      "select id, show_id, user_id, status, booking_id, currency from seat_locks where show_id = ? and status = 'ACTIVE' for update",
      [cancelled.showId],
    );
    const lockService = this.#locks(tx);
    for (const lock of locks) await lockService.endLock(tx, lock, 'SHOW_CANCELLED');
    const blocked = await query<{ seat_number: string; row_label: string; seat_type: string; price_minor: number }>(
      tx,
      "update seat_inventory set status = 'BLOCKED', updated_at = now() where show_id = ? and status = 'AVAILABLE' returning seat_number, row_label, seat_type, price_minor",
      [cancelled.showId],
    );
    if (blocked.length === 0) return;
    await announceSeatChange(
      tx,
      this.#outbox,
      cancelled.showId,
      { available: -blocked.length },
      {
        type: 'SeatsBlocked',
        key: cancelled.showId,
        data: {
          showId: cancelled.showId,
          currency: show.currency,
          seats: blocked.map((seat) => ({
            number: seat.seat_number,
            row: seat.row_label,
            seatType: seat.seat_type,
            priceMinor: seat.price_minor,
            status: 'BLOCKED',
          })),
        },
      },
    );
  }
}
