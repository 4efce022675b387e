import { randomUUID } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import {
  badInput,
  conflict,
  forbidden,
  isUuid,
  newestFirst,
  notFound,
  pageRequest,
  requireUuid,
  roleAtLeast,
  toConnection,
  withTransactionRetry,
  type Connection,
  type EntityManager,
  type Principal,
} from '@showstream/platform';
import type { BookingConfig } from '../config.ts';
import { HoldSchema } from '../holds/hold.entity.ts';
import type { HoldOwner } from '../holds/hold-owner.ts';
import { BookingSchema, BookingSeatSchema, type Booking } from './booking.entity.ts';
import type { BookingLifecycle } from './booking-lifecycle.ts';
import { bookingAmounts, cancellationQuote, feeRuleFor } from './pricing.ts';
import { newBookingReference } from './reference.ts';

const isReferenceCollision = (error: unknown) =>
  (error as { constraint?: string }).constraint === 'bookings_reference_key';

/**
 * Bookings as customers and admins see them: created from the caller's hold, cancelled per
 * policy, listed newest first. Everything after creation is the saga's (BookingSaga).
 */
export class BookingService {
  readonly #em: EntityManager;
  readonly #lifecycle: BookingLifecycle;
  readonly #config: BookingConfig;
  readonly #holdOwner: HoldOwner;

  constructor(em: EntityManager, lifecycle: BookingLifecycle, config: BookingConfig, holdOwner: HoldOwner) {
    this.#em = em;
    this.#lifecycle = lifecycle;
    this.#config = config;
    this.#holdOwner = holdOwner;
  }

  /**
   * SeatsLocked may still be on its way (the saga's consumer can be behind): then inventory, which
   * owns the hold, is asked instead of waiting, and its answer goes into the projection.
   */
  async #ensureHold(lockId: string): Promise<boolean> {
    if ((await this.#em.fork().count(HoldSchema, { lockId })) > 0) return true;
    return this.#holdOwner.confirm(this.#em, lockId);
  }

  async create(principal: Principal, lockIdArg: string): Promise<Booking> {
    const lockId = requireUuid(lockIdArg, 'Seat lock');
    if (!(await this.#ensureHold(lockId))) throw notFound('Seat lock', lockId);
    for (let attempt = 1; ; attempt++) {
      try {
        return await withTransactionRetry(() => this.#createFromHold(principal, lockId));
      } catch (error) {
        if (!isReferenceCollision(error) || attempt >= 5) throw error;
      }
    }
  }

  #createFromHold(principal: Principal, lockId: string): Promise<Booking> {
    return this.#em.fork().transactional(async (tx) => {
      // The hold row serialises concurrent attempts for one hold: the second sees the first's booking.
      const hold = await tx.findOneOrFail(HoldSchema, { lockId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (hold.userId !== principal.userId) throw forbidden('This hold is someone else’s.');
      const existing = await tx.findOne(BookingSchema, { lockId });
      if (existing) return existing;
      if (hold.status !== 'ACTIVE') {
        throw conflict(
          `This hold was ${hold.status === 'EXPIRED' ? 'expired' : 'released'}; choose your seats again.`,
          { field: 'lockId' },
        );
      }
      const now = Date.now();
      if (hold.expiresAt.getTime() - now < this.#config.MIN_HOLD_REMAINING_SECONDS * 1000) {
        throw conflict('This hold has run out of time; choose your seats again.', { field: 'lockId' });
      }
      if (hold.showStartsAt.getTime() <= now) throw badInput('This show has already started.', 'lockId');

      // One currency throughout: a hold is one show's seats, and a show is priced in one currency.
      const amounts = bookingAmounts(
        hold.seats.map((seat) => seat.priceMinor),
        feeRuleFor(this.#config, hold.currency),
      );
      const deadline = Math.min(now + this.#config.PAYMENT_WINDOW_MINUTES * 60_000, hold.showStartsAt.getTime());
      const booking = tx.create(BookingSchema, {
        id: randomUUID(),
        reference: newBookingReference(),
        userId: principal.userId,
        showId: hold.showId,
        lockId,
        currency: hold.currency,
        ...amounts,
        status: 'PENDING',
        paymentStatus: 'PENDING',
        holdState: 'WAITING',
        expiresAt: new Date(deadline),
        showStartsAt: hold.showStartsAt,
        createdAt: new Date(now),
        updatedAt: new Date(now),
      });
      hold.seats.forEach((seat, position) =>
        tx.create(BookingSeatSchema, {
          id: randomUUID(),
          bookingId: booking.id,
          seatNumber: seat.number,
          rowLabel: seat.row,
          seatType: seat.seatType,
          priceMinor: seat.priceMinor,
          position,
        }),
      );
      await this.#lifecycle.created(tx, booking, hold.seats);
      return booking;
    });
  }

  /** Cancels per policy: a pending booking at any time, a confirmed one up to 4 h before the show. */
  async cancel(principal: Principal, idArg: string, reason: string | null | undefined): Promise<Booking> {
    const id = requireUuid(idArg, 'Booking');
    const note = reason?.trim() || 'Cancelled by the customer.';
    if (note.length > 500) throw badInput('Keep the reason under 500 characters.', 'reason');
    return withTransactionRetry(() =>
      this.#em.fork().transactional(async (tx) => {
        const booking = await this.#lifecycle.lock(tx, id);
        if (!booking) throw notFound('Booking', id);
        this.#assertCanSee(principal, booking);
        if (booking.status === 'CANCELLED') return booking;
        if (booking.status !== 'PENDING' && booking.status !== 'CONFIRMED') {
          throw conflict(`This booking has already ended (${booking.status}).`);
        }
        const quote = cancellationQuote(booking);
        if (!quote.allowed) throw badInput(quote.rule, 'id');
        await this.#lifecycle.cancel(tx, booking, {
          reason: note,
          refundMinor: quote.refundMinor,
          byShowCancellation: false,
        });
        return booking;
      }),
    );
  }

  #assertCanSee(principal: Principal, booking: Booking): void {
    if (booking.userId !== principal.userId && !roleAtLeast(principal.role, 'ADMIN'))
      throw forbidden('This booking is someone else’s.');
  }

  async getForViewer(principal: Principal, id: string): Promise<Booking | null> {
    if (!isUuid(id)) return null;
    const booking = await this.#em.findOne(BookingSchema, { id });
    if (booking) this.#assertCanSee(principal, booking);
    return booking;
  }

  /** A user's bookings, newest first (keyset on created_at, id). */
  async listForUser(
    userId: string,
    first: number | null | undefined,
    after: string | null | undefined,
  ): Promise<Connection<Booking>> {
    if (!isUuid(userId)) return toConnection([], pageRequest(first, after), 0, () => '');
    return newestFirst(this.#em, BookingSchema, { userId }, first, after);
  }
}
