import type { EventData, TopicEnvelope } from '@showstream/contracts';
import { query, type EntityManager, type Outbox } from '@showstream/platform';
import type { LockRow, SeatLockService } from '../locks/seat-lock.service.ts';
import { announceSeatChange } from '../shows/show-versions.ts';

type HeldLock = LockRow & { seat_numbers: string[] };
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

  async #lockHold(tx: EntityManager, lockId: string): Promise<HeldLock | undefined> {
    const [lock] = await query<HeldLock>(
      tx,
      'select id, show_id, user_id, status, booking_id, currency, seat_numbers from seat_locks where id = ? for update',
      [lockId],
    );
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
        ? await query<{ id: string; held: boolean }>(
            tx,
            `select id, (status = 'LOCKED' and lock_id = ? and locked_until > clock_timestamp()) as held
           from seat_inventory where show_id = ? and seat_number = any(?) order by seat_number for update`,
            [lock.id, lock.show_id, lock.seat_numbers],
          )
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
    await query(
      tx,
      `update seat_inventory set locked_until = greatest(locked_until, (select ends_at from show_inventory where show_id = ?)), updated_at = now() where id = any(?)`,
      [lock.show_id, seats.map((seat) => seat.id)],
    );
    await query(tx, "update seat_locks set status = 'CONSUMED', booking_id = ? where id = ?", [
      booking.bookingId,
      lock.id,
    ]);
    await this.#outbox.add(tx, 'inventory-events', { type: 'HoldConsumed', key: booking.showId, data: answer });
  }

  /** A confirmed booking's held seats are sold. */
  async #bookSeats(tx: EntityManager, booking: BookingRef): Promise<void> {
    const lock = await this.#lockHold(tx, booking.lockId);
    if (!lock || lock.status !== 'CONSUMED' || lock.booking_id !== booking.bookingId) return;
    await query(
      tx,
      "select id from seat_inventory where lock_id = ? and status = 'LOCKED' order by seat_number for update",
      [lock.id],
    );
    const booked = await query<{ seat_number: string; row_label: string; seat_type: string; price_minor: number }>(
      tx,
      `update seat_inventory set status = 'BOOKED', booking_id = ?, lock_id = null, locked_by = null, locked_until = null, updated_at = now()
       where lock_id = ? and status = 'LOCKED'
       returning seat_number, row_label, seat_type, coalesce(held_price_minor, price_minor) as price_minor`,
      [booking.bookingId, lock.id],
    );
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
          seats: booked.map((seat) => ({
            number: seat.seat_number,
            row: seat.row_label,
            seatType: seat.seat_type,
            priceMinor: seat.price_minor,
            status: 'BOOKED',
          })),
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
