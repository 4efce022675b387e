import { randomUUID } from 'node:crypto';
import type { EventData } from '@showstream/contracts';
import {
  badInput,
  conflict,
  forbidden,
  isUuid,
  notFound,
  requireUuid,
  roleAtLeast,
  run,
  runOne,
  withTransactionRetry,
  type EntityManager,
  type Outbox,
  type Principal,
} from '@showstream/platform';
import type { InventoryConfig } from '../config.ts';
import { seatView, type SeatView } from '../seats/seat.entity.ts';
import { announceSeatChange } from '../shows/show-versions.ts';
import { parseFreedSeats, parseHoldResult, parseReleaseResult, type FreedSeats } from './hold-functions.ts';
import {
  dueHolds,
  endHold,
  freeBookedSeats,
  holdSeats,
  releaseHold,
  seatsOfHold,
  type DueHoldsResult,
} from './locks.queries.ts';
import { SeatLockSchema, type SeatLock } from './seat-lock.entity.ts';

type SeatsReleasedData = EventData<'inventory-events', 'SeatsReleased'>;
export type ReleaseReason = SeatsReleasedData['reason'];

/**
 * Holds: all-or-nothing, one holder per seat, expiring on their own. PostgreSQL decides: the
 * requested seats are locked in a fixed order (no deadlocks between overlapping requests) and
 * taken only if every one is free; anything else rolls the whole hold back.
 */
export class SeatLockService {
  readonly #em: EntityManager;
  readonly #outbox: Outbox;
  readonly #config: InventoryConfig;

  constructor(em: EntityManager, outbox: Outbox, config: InventoryConfig) {
    this.#em = em;
    this.#outbox = outbox;
    this.#config = config;
  }

  #normaliseSeats(seatNumbers: string[]): string[] {
    const seats = seatNumbers.map((seat) => seat.trim().toUpperCase());
    if (seats.length === 0) throw badInput('Choose at least one seat.', 'seatNumbers');
    if (seats.length > this.#config.MAX_SEATS_PER_USER) {
      throw badInput(`You can hold at most ${this.#config.MAX_SEATS_PER_USER} seats for a show.`, 'seatNumbers');
    }
    const duplicate = seats.find((seat, index) => seats.indexOf(seat) !== index);
    if (duplicate) throw badInput(`Seat ${duplicate} is listed twice.`, 'seatNumbers');
    if (seats.some((seat) => !/^[A-Z0-9-]{1,10}$/.test(seat)))
      throw badInput('Seat numbers look like A7.', 'seatNumbers');
    return seats;
  }

  async lock(principal: Principal, showId: string, seatNumbers: string[]): Promise<SeatLock> {
    requireUuid(showId, 'Show');
    const requested = this.#normaliseSeats(seatNumbers);
    return withTransactionRetry(() =>
      this.#em.fork().transactional(async (tx) => {
        // Checks, seats and the hold in one round trip; the show's counts, version and event in the next.
        const lockId = randomUUID();
        const held = await runOne(tx, holdSeats, {
          showId,
          userId: principal.userId,
          seatNumbers: requested,
          maxSeats: this.#config.MAX_SEATS_PER_USER,
          lockId,
          holdMs: Math.round(this.#config.HOLD_MINUTES * 60_000),
        });
        const result = parseHoldResult(held.result);
        switch (result.refused) {
          case 'NO_SHOW':
            throw notFound('Show', showId);
          case 'CANCELLED':
            throw badInput('This show was cancelled; its seats are not for sale.', 'showId');
          case 'STARTED':
            throw badInput('This show has already started; its seats are no longer for sale.', 'showId');
          case 'OVER_LIMIT':
            throw badInput(
              `You can hold at most ${this.#config.MAX_SEATS_PER_USER} seats for a show; you already hold ${result.held}.`,
              'seatNumbers',
            );
          case 'SEATS': {
            const unknown = requested.filter((number) => !result.found.includes(number));
            if (unknown.length > 0) throw badInput(`This show has no seat ${unknown.join(', ')}.`, 'seatNumbers');
            const taken = result.taken;
            throw conflict(`${taken.join(', ')} ${taken.length === 1 ? 'is' : 'are'} no longer available.`, {
              unavailableSeats: taken,
            });
          }
        }
        const lockedAt = new Date(result.lockedAt);
        const expiresAt = new Date(result.expiresAt);
        await announceSeatChange(
          tx,
          this.#outbox,
          showId,
          { available: -result.fromAvailable, locked: result.fromAvailable },
          {
            type: 'SeatsLocked',
            key: showId,
            data: {
              showId,
              seats: result.seats,
              lockId,
              userId: principal.userId,
              expiresAt: expiresAt.toISOString(),
              totalMinor: result.totalMinor,
              currency: result.currency,
              startsAt: new Date(result.startsAt).toISOString(),
            },
          },
        );
        // inventory_hold wrote the row; merged as it stands, the flush at commit has nothing to write.
        return tx.merge(SeatLockSchema, {
          id: lockId,
          showId,
          userId: principal.userId,
          seatNumbers: result.seatNumbers,
          totalMinor: result.totalMinor,
          currency: result.currency,
          status: 'ACTIVE',
          lockedAt,
          expiresAt,
          endedAt: null,
          bookingId: null,
        });
      }),
    );
  }

  async release(principal: Principal, lockId: string): Promise<SeatLock> {
    requireUuid(lockId, 'Seat lock');
    return withTransactionRetry(() =>
      this.#em.fork().transactional(async (tx) => {
        // The hold's row lock, the checks and the seats in one round trip; the show's counts, version and event in the next.
        const released = await runOne(tx, releaseHold, {
          lockId,
          userId: principal.userId,
          anyHolder: roleAtLeast(principal.role, 'ADMIN'),
        });
        const result = parseReleaseResult(released.result);
        switch (result.refused) {
          case 'NOT_FOUND':
            throw notFound('Seat lock', lockId);
          case 'FORBIDDEN':
            throw forbidden('This hold is someone else’s.');
          case 'CONSUMED':
            throw conflict('These seats belong to a booking now; cancel the booking instead.');
        }
        const { lock, freed } = result;
        await this.#announceFreed(tx, lock.show_id, freed, false, {
          lockId: lock.id,
          userId: lock.user_id,
          reason: 'RELEASED',
        });
        return tx.merge(SeatLockSchema, {
          id: lock.id,
          showId: lock.show_id,
          userId: lock.user_id,
          seatNumbers: lock.seat_numbers,
          totalMinor: lock.total_minor,
          currency: lock.currency,
          status: lock.status,
          lockedAt: new Date(lock.locked_at),
          expiresAt: new Date(lock.expires_at),
          endedAt: lock.ended_at ? new Date(lock.ended_at) : null,
          bookingId: lock.booking_id,
        });
      }),
    );
  }

  /**
   * Frees a hold's seats that it still holds (a seat taken over after expiry is no longer its),
   * ends the hold, and publishes the change. Runs inside the caller's transaction.
   */
  async endLock(
    tx: EntityManager,
    lock: Pick<DueHoldsResult, 'id' | 'show_id' | 'user_id'>,
    reason: ReleaseReason,
    options: { bookingId?: string; lockStatus?: 'RELEASED' | 'EXPIRED' } = {},
  ): Promise<void> {
    const lockStatus = options.lockStatus ?? (reason === 'EXPIRED' ? 'EXPIRED' : 'RELEASED');
    const ended = await runOne(tx, endHold, { lockId: lock.id, showId: lock.show_id, status: lockStatus });
    const freed = parseFreedSeats(ended.freed);
    await this.#announceFreed(tx, lock.show_id, freed, false, {
      lockId: lock.id,
      userId: lock.user_id,
      reason,
      ...(options.bookingId ? { bookingId: options.bookingId } : {}),
    });
  }

  /** A cancelled confirmed booking's seats go back on sale. Runs inside the caller's transaction. */
  async returnBookedSeats(
    tx: EntityManager,
    booking: { showId: string; bookingId: string; lockId: string; userId: string },
  ): Promise<void> {
    const returned = await runOne(tx, freeBookedSeats, { showId: booking.showId, bookingId: booking.bookingId });
    const freed = parseFreedSeats(returned.freed);
    await this.#announceFreed(tx, booking.showId, freed, true, {
      lockId: booking.lockId,
      userId: booking.userId,
      reason: 'BOOKING_CANCELLED',
      bookingId: booking.bookingId,
    });
  }

  /** Publishes SeatsReleased for seats a hold (LOCKED) or a booking (BOOKED) gave back, AVAILABLE again or BLOCKED when the show was cancelled. */
  async #announceFreed(
    tx: EntityManager,
    showId: string,
    freed: FreedSeats,
    wasBooked: boolean,
    event: Pick<SeatsReleasedData, 'lockId' | 'userId' | 'reason' | 'bookingId'>,
  ): Promise<void> {
    if (!freed || freed.count === 0) return;
    const delta = {
      available: freed.freeAs === 'AVAILABLE' ? freed.count : 0,
      locked: wasBooked ? 0 : -freed.count,
      booked: wasBooked ? -freed.count : 0,
    };
    await announceSeatChange(tx, this.#outbox, showId, delta, {
      type: 'SeatsReleased',
      key: showId,
      data: { showId, currency: freed.currency, ...event, seats: freed.seats },
    });
  }

  /** Frees holds whose time is up; several processes can sweep at once without taking the same hold. */
  async expireDue(limit = 100): Promise<number> {
    return this.#em.fork().transactional(async (tx) => {
      const due = await run(tx, dueHolds, { limit });
      for (const lock of due) await this.endLock(tx, lock, 'EXPIRED');
      return due.length;
    });
  }

  async getForViewer(principal: Principal, lockId: string): Promise<SeatLock | null> {
    if (!isUuid(lockId)) return null;
    const lock = await this.#em.findOne(SeatLockSchema, { id: lockId });
    if (!lock) return null;
    if (lock.userId !== principal.userId && !roleAtLeast(principal.role, 'ADMIN'))
      throw forbidden('This hold is someone else’s.');
    return lock;
  }

  /** A hold's own view of its seats, in seat-map order: held, at the price held, while it is active or waits for its booking. */
  async seatsOf(lock: SeatLock): Promise<SeatView[]> {
    const seats = await run(this.#em, seatsOfHold, { showId: lock.showId, seatNumbers: lock.seatNumbers });
    const holding = lock.status === 'CONSUMED' || (lock.status === 'ACTIVE' && lock.expiresAt.getTime() > Date.now());
    const options = holding ? { heldFor: lock.id } : {};
    return seats.map((seat) => seatView(seat, options));
  }

  activeFor(principal: Principal): Promise<SeatLock[]> {
    return this.#em.find(
      SeatLockSchema,
      { userId: principal.userId, status: 'ACTIVE', expiresAt: { $gt: new Date() } },
      { orderBy: { lockedAt: 'desc' } },
    );
  }
}
