import { randomUUID } from 'node:crypto';
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
import { InventoryEvent, type SeatsLockedData, type SeatsReleasedData } from '../outbox-events.ts';
import type { SeatView } from '../seats/seat.entity.ts';
import { bumpShowVersion } from '../shows/show-versions.ts';
import { SeatLockSchema, type SeatLock } from './seat-lock.entity.ts';

interface CandidateSeat {
  id: string;
  seat_number: string;
  row_label: string;
  seat_type: string;
  price_minor: number;
  status: string;
  free: boolean;
}

export type LockRow = { id: string; show_id: string; user_id: string; status: string; booking_id: string | null; currency: string };

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
    if (seats.some((seat) => !/^[A-Z0-9-]{1,10}$/.test(seat))) throw badInput('Seat numbers look like A7.', 'seatNumbers');
    return seats;
  }

  async lock(principal: Principal, showId: string, seatNumbers: string[]): Promise<SeatLock> {
    requireUuid(showId, 'Show');
    const requested = this.#normaliseSeats(seatNumbers);
    return withTransactionRetry(() =>
      this.#em.fork().transactional(async (tx) => {
        const [show] = await query<{ status: string; started: boolean; currency: string; starts_at: string }>(
          tx,
          'select status, starts_at <= now() as started, currency, starts_at from show_inventory where show_id = ?',
          [showId],
        );
        if (!show) throw notFound('Show', showId);
        if (show.status === 'CANCELLED') throw badInput('This show was cancelled; its seats are not for sale.', 'showId');
        if (show.started) throw badInput('This show has already started; its seats are no longer for sale.', 'showId');

        // One person's concurrent requests for one show queue here, so the per-person limit holds under races.
        await query(tx, 'select pg_advisory_xact_lock(hashtext(?))', [`hold:${principal.userId}:${showId}`]);
        const [{ held }] = (await query<{ held: number }>(
          tx,
          "select coalesce(sum(cardinality(seat_numbers)), 0)::int as held from seat_locks where user_id = ? and show_id = ? and status = 'ACTIVE' and expires_at > now()",
          [principal.userId, showId],
        )) as [{ held: number }];
        if (held + requested.length > this.#config.MAX_SEATS_PER_USER) {
          throw badInput(`You can hold at most ${this.#config.MAX_SEATS_PER_USER} seats for a show; you already hold ${held}.`, 'seatNumbers');
        }

        const seats = await query<CandidateSeat>(
          tx,
          `select id, seat_number, row_label, seat_type, price_minor, status,
                  (status = 'AVAILABLE' or (status = 'LOCKED' and locked_until <= now())) as free
           from seat_inventory where show_id = ? and seat_number = any(?) order by seat_number for update`,
          [showId, requested],
        );
        const unknown = requested.filter((number) => !seats.some((seat) => seat.seat_number === number));
        if (unknown.length > 0) throw badInput(`This show has no seat ${unknown.join(', ')}.`, 'seatNumbers');
        const taken = seats.filter((seat) => !seat.free).map((seat) => seat.seat_number);
        if (taken.length > 0) {
          throw conflict(`${taken.join(', ')} ${taken.length === 1 ? 'is' : 'are'} no longer available.`, { unavailableSeats: taken });
        }

        const lockId = randomUUID();
        const expiresAt = new Date(Date.now() + this.#config.HOLD_MINUTES * 60_000);
        await query(
          tx,
          `update seat_inventory set status = 'LOCKED', lock_id = ?, locked_by = ?, locked_until = ?, held_price_minor = price_minor, updated_at = now()
           where id = any(?)`,
          [lockId, principal.userId, expiresAt, seats.map((seat) => seat.id)],
        );
        const totalMinor = seats.reduce((sum, seat) => sum + seat.price_minor, 0);
        const lock = tx.create(SeatLockSchema, {
          id: lockId,
          showId,
          userId: principal.userId,
          seatNumbers: seats.map((seat) => seat.seat_number),
          totalMinor,
          currency: show.currency,
          status: 'ACTIVE',
          lockedAt: new Date(),
          expiresAt,
        });
        // Seats taken over from a hold that had expired but was not yet swept were already counted as locked.
        const fromAvailable = seats.filter((seat) => seat.status === 'AVAILABLE').length;
        const version = await bumpShowVersion(tx, showId, { available: -fromAvailable, locked: fromAvailable });
        const changed: SeatView[] = seats.map((seat) => ({ number: seat.seat_number, row: seat.row_label, seatType: seat.seat_type, priceMinor: seat.price_minor, status: 'LOCKED' }));
        await this.#outbox.add<SeatsLockedData>(tx, 'inventory-events', {
          type: InventoryEvent.SeatsLocked,
          key: showId,
          data: {
            showId,
            version,
            seats: changed,
            lockId,
            userId: principal.userId,
            expiresAt: expiresAt.toISOString(),
            totalMinor,
            currency: show.currency,
            startsAt: new Date(show.starts_at).toISOString(),
          },
        });
        return lock;
      }),
    );
  }

  async release(principal: Principal, lockId: string): Promise<SeatLock> {
    requireUuid(lockId, 'Seat lock');
    return withTransactionRetry(() =>
      this.#em.fork().transactional(async (tx) => {
        const [lock] = await query<LockRow>(tx, 'select id, show_id, user_id, status, booking_id, currency from seat_locks where id = ? for update', [lockId]);
        if (!lock) throw notFound('Seat lock', lockId);
        if (lock.user_id !== principal.userId && !roleAtLeast(principal.role, 'ADMIN')) throw forbidden('This hold is someone else’s.');
        if (lock.status === 'CONSUMED') throw conflict('These seats belong to a booking now; cancel the booking instead.');
        if (lock.status === 'ACTIVE') await this.endLock(tx, lock, 'RELEASED');
        return tx.findOneOrFail(SeatLockSchema, { id: lockId }, { refresh: true });
      }),
    );
  }

  /**
   * Frees a hold's seats that it still holds (a seat taken over after expiry is no longer its),
   * ends the hold, and publishes the change. Runs inside the caller's transaction.
   */
  async endLock(tx: EntityManager, lock: LockRow, reason: ReleaseReason, options: { bookingId?: string; lockStatus?: 'RELEASED' | 'EXPIRED' } = {}): Promise<void> {
    await this.#putBackOnSale(tx, lock.show_id, { lockId: lock.id }, { lockId: lock.id, userId: lock.user_id, reason, ...(options.bookingId ? { bookingId: options.bookingId } : {}) });
    const lockStatus = options.lockStatus ?? (reason === 'EXPIRED' ? 'EXPIRED' : 'RELEASED');
    await query(tx, 'update seat_locks set status = ?, ended_at = now() where id = ?', [lockStatus, lock.id]);
  }

  /** A cancelled confirmed booking's seats go back on sale. Runs inside the caller's transaction. */
  async returnBookedSeats(tx: EntityManager, booking: { showId: string; bookingId: string; lockId: string; userId: string }): Promise<void> {
    await this.#putBackOnSale(tx, booking.showId, { bookingId: booking.bookingId }, { lockId: booking.lockId, userId: booking.userId, reason: 'BOOKING_CANCELLED', bookingId: booking.bookingId });
  }

  /**
   * Makes a hold's LOCKED seats, or a booking's BOOKED seats, AVAILABLE again — BLOCKED when the
   * show was cancelled — and publishes SeatsReleased with the new version.
   */
  async #putBackOnSale(
    tx: EntityManager,
    showId: string,
    owner: { lockId: string } | { bookingId: string },
    event: Pick<SeatsReleasedData, 'lockId' | 'userId' | 'reason' | 'bookingId'>,
  ): Promise<void> {
    const [show] = await query<{ status: string; currency: string }>(tx, 'select status, currency from show_inventory where show_id = ?', [showId]);
    // A show unknown here has no seats to give back.
    if (!show) return;
    const freeAs = show.status === 'CANCELLED' ? 'BLOCKED' : 'AVAILABLE';
    const wasBooked = 'bookingId' in owner;
    const match = wasBooked ? "booking_id = ? and status = 'BOOKED'" : "lock_id = ? and status = 'LOCKED'";
    const ownerId = wasBooked ? owner.bookingId : owner.lockId;
    // Row locks in seat order, as lockSeats takes them, so the two cannot deadlock on shared seats.
    await query(tx, `select id from seat_inventory where show_id = ? and ${match} order by seat_number for update`, [showId, ownerId]);
    const freed = await query<{ seat_number: string; row_label: string; seat_type: string; price_minor: number }>(
      tx,
      `update seat_inventory set status = ?, lock_id = null, locked_by = null, locked_until = null, held_price_minor = null, booking_id = null, updated_at = now()
       where show_id = ? and ${match} returning seat_number, row_label, seat_type, price_minor`,
      [freeAs, showId, ownerId],
    );
    if (freed.length === 0) return;
    const version = await bumpShowVersion(tx, showId, {
      available: freeAs === 'AVAILABLE' ? freed.length : 0,
      locked: wasBooked ? 0 : -freed.length,
      booked: wasBooked ? -freed.length : 0,
    });
    await this.#outbox.add<SeatsReleasedData>(tx, 'inventory-events', {
      type: InventoryEvent.SeatsReleased,
      key: showId,
      data: {
        showId,
        version,
        currency: show.currency,
        ...event,
        seats: freed.map((seat) => ({ number: seat.seat_number, row: seat.row_label, seatType: seat.seat_type, priceMinor: seat.price_minor, status: freeAs })),
      },
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
    if (lock.userId !== principal.userId && !roleAtLeast(principal.role, 'ADMIN')) throw forbidden('This hold is someone else’s.');
    return lock;
  }

  activeFor(principal: Principal): Promise<SeatLock[]> {
    return this.#em.find(SeatLockSchema, { userId: principal.userId, status: 'ACTIVE', expiresAt: { $gt: new Date() } }, { orderBy: { lockedAt: 'desc' } });
  }
}
