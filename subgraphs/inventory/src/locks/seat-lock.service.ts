import { randomUUID } from 'node:crypto';
import type { EventData } from '@showstream/contracts';
import {
  badInput,
  conflict,
  forbidden,
  isUuid,
  notFound,
  query,
  requireUuid,
  roleAtLeast,
  withTransactionRetry,
  type EntityManager,
  type Outbox,
  type Principal,
} from '@showstream/platform';
import type { InventoryConfig } from '../config.ts';
import type { SeatView } from '../seats/seat.entity.ts';
import { announceSeatChange } from '../shows/show-versions.ts';
import { SeatLockSchema, type SeatLock } from './seat-lock.entity.ts';

/** What `inventory_hold` answers (migration Migration20261203000000_hold_functions): a refusal, or the hold it placed. */
type HoldResult =
  | { refused: 'NO_SHOW' | 'CANCELLED' | 'STARTED' }
  | { refused: 'OVER_LIMIT'; held: number }
  | { refused: 'SEATS'; found: string[]; taken: string[] }
  | {
      refused?: undefined;
      seatNumbers: string[];
      seats: SeatView[];
      totalMinor: number;
      currency: string;
      startsAt: string;
      lockedAt: string;
      expiresAt: string;
      fromAvailable: number;
    };

/** Seats put back on sale by `inventory_free_seats`; null when the show is unknown here. */
type FreedSeats = { count: number; seats: SeatView[]; currency: string; freeAs: 'AVAILABLE' | 'BLOCKED' } | null;

type SeatLockRow = {
  id: string;
  show_id: string;
  user_id: string;
  seat_numbers: string[];
  total_minor: number;
  currency: string;
  status: SeatLock['status'];
  locked_at: string;
  expires_at: string;
  ended_at: string | null;
  booking_id: string | null;
};
type ReleaseResult =
  { refused: 'NOT_FOUND' | 'FORBIDDEN' | 'CONSUMED' } | { refused?: undefined; lock: SeatLockRow; freed: FreedSeats };

export type LockRow = {
  id: string;
  show_id: string;
  user_id: string;
  status: string;
  booking_id: string | null;
  currency: string;
};

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
        const [{ result }] = (await query<{ result: HoldResult }>(
          tx,
          'select inventory_hold(?, ?, ?, ?, ?, ?) as result',
          [
            showId,
            principal.userId,
            requested,
            this.#config.MAX_SEATS_PER_USER,
            lockId,
            Math.round(this.#config.HOLD_MINUTES * 60_000),
          ],
        )) as [{ result: HoldResult }];
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
        const [{ result }] = (await query<{ result: ReleaseResult }>(
          tx,
          'select inventory_release(?, ?, ?) as result',
          [lockId, principal.userId, roleAtLeast(principal.role, 'ADMIN')],
        )) as [{ result: ReleaseResult }];
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
    lock: LockRow,
    reason: ReleaseReason,
    options: { bookingId?: string; lockStatus?: 'RELEASED' | 'EXPIRED' } = {},
  ): Promise<void> {
    const lockStatus = options.lockStatus ?? (reason === 'EXPIRED' ? 'EXPIRED' : 'RELEASED');
    const [{ freed }] = (await query<{ freed: FreedSeats }>(tx, 'select inventory_end_hold(?, ?, ?) as freed', [
      lock.id,
      lock.show_id,
      lockStatus,
    ])) as [{ freed: FreedSeats }];
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
    const [{ freed }] = (await query<{ freed: FreedSeats }>(tx, 'select inventory_free_seats(?, null, ?) as freed', [
      booking.showId,
      booking.bookingId,
    ])) as [{ freed: FreedSeats }];
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
      const due = await query<LockRow>(
        tx,
        "select id, show_id, user_id, status, booking_id, currency from seat_locks where status = 'ACTIVE' and expires_at <= now() order by show_id, expires_at limit ? for update skip locked",
        [limit],
      );
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

  activeFor(principal: Principal): Promise<SeatLock[]> {
    return this.#em.find(
      SeatLockSchema,
      { userId: principal.userId, status: 'ACTIVE', expiresAt: { $gt: new Date() } },
      { orderBy: { lockedAt: 'desc' } },
    );
  }
}
