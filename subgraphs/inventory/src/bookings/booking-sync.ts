import type { EventData, TopicEnvelope } from '@showstream/contracts';
import { run, type EntityManager, type Outbox } from '@showstream/platform';
import type { SeatLockService } from '../locks/seat-lock.service.ts';
import { seatView } from '../seats/seat.entity.ts';
import { announceSeatChange } from '../shows/show-versions.ts';
import {
  bookConsumedSeats,
  consumeHold,
  keepSeatsForBooking,
  lockConsumedSeats,
  lockHold,
  lockHoldSeats,
  type LockHoldResult,
} from './bookings.queries.ts';

/** What every booking event says of the booking, which is all inventory needs. */
type BookingRef = Pick<EventData<'booking-events', 'BookingCreated'>, 'bookingId' | 'userId' | 'showId' | 'lockId'>;

/**
 * Inventory's side of the booking saga (docs/booking-saga.md): a new booking consumes its hold,
 * a confirmed one sells the seats, an ended one puts them back on sale. Booking decides a
 * booking's status; inventory decides seats. Runs inside the inbox transaction, and every step
 * checks the hold is still in the state the event is about, so late or repeated events change nothing.
 */
export class BookingSync {
  readonly #outbox: Outbox;
  readonly #locks: (em: EntityManager) => SeatLockService;

  constructor(outbox: Outbox, locks: (em: EntityManager) => SeatLockService) {
    this.#outbox = outbox;
    this.#locks = locks;
  }

  async handle(envelope: TopicEnvelope<'booking-events'>, tx: EntityManager): Promise<void> {
    const booking = envelope.data;
    switch (envelope.type) {
      case 'BookingCreated':
        return this.#consumeHold(tx, booking);
      case 'BookingConfirmed':
        return this.#bookSeats(tx, booking);
      case 'BookingFailed':
        return this.#endHold(tx, booking, 'RELEASED');
      case 'BookingExpired':
        return this.#endHold(tx, booking, 'EXPIRED');
      case 'BookingCancelled':
        if (envelope.data.wasConfirmed) return this.#locks(tx).returnBookedSeats(tx, booking);
        return this.#endHold(tx, booking, 'RELEASED');
    }
  }

  async #lockHold(tx: EntityManager, lockId: string): Promise<LockHoldResult | undefined> {
    const [lock] = await run(tx, lockHold, { lockId });
    return lock;
  }

  /**
   * The hold becomes the booking's if it is still active, the booker's, and every seat is still
   * held by it and not run out. Its seats then stay LOCKED until the booking ends (booking is the
   * only clock now; the hold sweeper skips CONSUMED holds).
   */
  async #consumeHold(tx: EntityManager, booking: BookingRef): Promise<void> {
    const answer = {
      showId: booking.showId,
      lockId: booking.lockId,
      bookingId: booking.bookingId,
      userId: booking.userId,
    };
    const lock = await this.#lockHold(tx, booking.lockId);
    const seats =
      lock?.status === 'ACTIVE'
        ? await run(tx, lockHoldSeats, { lockId: lock.id, showId: lock.show_id, seatNumbers: lock.seat_numbers })
        : [];
    const refusal = !lock
      ? 'UNKNOWN_HOLD'
      : lock.status !== 'ACTIVE'
        ? `HOLD_${lock.status}`
        : lock.user_id !== booking.userId || lock.show_id !== booking.showId
          ? 'NOT_THE_HOLDER'
          : seats.length !== lock.seat_numbers.length || !seats.every((seat) => seat.held)
            ? 'HOLD_EXPIRED'
            : undefined;
    if (!lock || refusal) {
      await this.#outbox.add(tx, 'inventory-events', {
        type: 'HoldUnavailable',
        key: booking.showId,
        data: { ...answer, reason: refusal ?? 'UNKNOWN_HOLD' },
      });
      return;
    }

    // Kept past the hold's own expiry, at most until the show is over (so a lost event cannot keep seats forever).
    await run(tx, keepSeatsForBooking, { showId: lock.show_id, seatIds: seats.map((seat) => seat.id) });
    await run(tx, consumeHold, { bookingId: booking.bookingId, lockId: lock.id });
    await this.#outbox.add(tx, 'inventory-events', { type: 'HoldConsumed', key: booking.showId, data: answer });
  }

  /** A confirmed booking's held seats are sold. */
  async #bookSeats(tx: EntityManager, booking: BookingRef): Promise<void> {
    const lock = await this.#lockHold(tx, booking.lockId);
    if (!lock || lock.status !== 'CONSUMED' || lock.booking_id !== booking.bookingId) return;
    await run(tx, lockConsumedSeats, { lockId: lock.id });
    const booked = await run(tx, bookConsumedSeats, { bookingId: booking.bookingId, lockId: lock.id });
    if (booked.length === 0) return;
    await announceSeatChange(
      tx,
      this.#outbox,
      lock.show_id,
      { locked: -booked.length, booked: booked.length },
      {
        type: 'SeatsBooked',
        key: lock.show_id,
        data: {
          showId: lock.show_id,
          currency: lock.currency,
          lockId: lock.id,
          bookingId: booking.bookingId,
          userId: lock.user_id,
          seats: booked.map((seat) => seatView(seat)),
        },
      },
    );
  }

  /** A booking that ended before confirmation gives its held seats back. */
  async #endHold(tx: EntityManager, booking: BookingRef, lockStatus: 'RELEASED' | 'EXPIRED'): Promise<void> {
    const lock = await this.#lockHold(tx, booking.lockId);
    if (!lock || lock.status !== 'CONSUMED' || lock.booking_id !== booking.bookingId) return;
    await this.#locks(tx).endLock(tx, lock, 'BOOKING_ENDED', { bookingId: booking.bookingId, lockStatus });
  }
}
