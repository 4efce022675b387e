import { randomUUID } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import type { EventData, NotificationKind, Seat } from '@showstream/contracts';
import { formatMinorUnits, type EntityManager, type Outbox } from '@showstream/platform';
import type { TicketBook } from '../tickets/ticket-book.ts';
import {
  BookingSchema,
  BookingSeatSchema,
  BookingStatusChangeSchema,
  type Booking,
  type BookingStatus,
} from './booking.entity.ts';

/** What every booking event says to name its booking. */
function bookingRef(booking: Booking) {
  return {
    bookingId: booking.id,
    reference: booking.reference,
    userId: booking.userId,
    showId: booking.showId,
    lockId: booking.lockId,
  };
}

/** What BookingCreated says of a booking besides its seats: also what booking's internal API answers about it. */
export function createdFacts(booking: Booking): Omit<EventData<'booking-events', 'BookingCreated'>, 'seats'> {
  return {
    ...bookingRef(booking),
    totalMinor: booking.totalMinor,
    bookingFeeMinor: booking.bookingFeeMinor,
    taxesMinor: booking.taxesMinor,
    finalMinor: booking.finalMinor,
    currency: booking.currency,
    expiresAt: booking.expiresAt.toISOString(),
    showStartsAt: booking.showStartsAt.toISOString(),
  };
}

export interface Cancellation {
  reason: string;
  refundMinor: number;
  byShowCancellation: boolean;
}

/**
 * Every change of a booking's status: the row (locked by the caller), a history row and the
 * booking event, all in the caller's transaction. Callers check the current state first; the
 * row lock makes that check and the change one step.
 */
export class BookingLifecycle {
  readonly #outbox: Outbox;
  readonly #tickets: TicketBook;

  constructor(outbox: Outbox, tickets: TicketBook) {
    this.#outbox = outbox;
    this.#tickets = tickets;
  }

  /** The booking row locked to the end of the transaction, or null. */
  lock(tx: EntityManager, id: string): Promise<Booking | null> {
    return tx.findOne(BookingSchema, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  }

  async seatsOf(tx: EntityManager, bookingId: string): Promise<Seat[]> {
    const seats = await tx.find(BookingSeatSchema, { bookingId }, { orderBy: { position: 'asc' } });
    return seats.map((seat) => ({
      number: seat.seatNumber,
      row: seat.rowLabel,
      seatType: seat.seatType,
      priceMinor: seat.priceMinor,
    }));
  }

  /** `fromStatus` is null for the first row (creation). */
  #record(
    tx: EntityManager,
    booking: Booking,
    to: BookingStatus,
    notes: string,
    fromStatus: BookingStatus | null = booking.status,
  ): void {
    booking.status = to;
    booking.updatedAt = new Date();
    tx.create(BookingStatusChangeSchema, {
      id: randomUUID(),
      bookingId: booking.id,
      fromStatus,
      status: to,
      notes,
      changedAt: new Date(),
    });
  }

  async created(tx: EntityManager, booking: Booking, seats: Seat[]): Promise<void> {
    this.#record(
      tx,
      booking,
      'PENDING',
      `Created from hold ${booking.lockId}; pay by ${booking.expiresAt.toISOString()}.`,
      null,
    );
    await this.#outbox.add(tx, 'booking-events', {
      type: 'BookingCreated',
      key: booking.id,
      data: {
        ...createdFacts(booking),
        seats,
      },
    });
  }

  /**
   * Confirms a pending booking once both facts are in: the payment succeeded and inventory holds its
   * seats. Its tickets are issued in the same commit.
   */
  async confirmIfReady(tx: EntityManager, booking: Booking): Promise<void> {
    if (booking.status !== 'PENDING' || booking.paymentStatus !== 'SUCCEEDED' || booking.holdState !== 'HELD') return;
    const { paymentId } = booking;
    if (!paymentId) throw new Error(`booking ${booking.id} is paid but has no payment id`);
    booking.confirmedAt = new Date();
    this.#record(tx, booking, 'CONFIRMED', `Paid (payment ${booking.paymentId}).`);
    const seats = await this.seatsOf(tx, booking.id);
    await this.#tickets.issue(tx, booking, seats);
    await this.#outbox.add(tx, 'booking-events', {
      type: 'BookingConfirmed',
      key: booking.id,
      data: {
        ...bookingRef(booking),
        seats,
        finalMinor: booking.finalMinor,
        currency: booking.currency,
        paymentId,
      },
    });
  }

  async fail(tx: EntityManager, booking: Booking, reason: string): Promise<void> {
    this.#record(tx, booking, 'FAILED', reason);
    await this.#outbox.add(tx, 'booking-events', {
      type: 'BookingFailed',
      key: booking.id,
      data: { ...bookingRef(booking), reason },
    });
  }

  async expire(tx: EntityManager, booking: Booking, reason: string): Promise<void> {
    this.#record(tx, booking, 'EXPIRED', reason);
    await this.#outbox.add(tx, 'booking-events', {
      type: 'BookingExpired',
      key: booking.id,
      data: { ...bookingRef(booking), reason },
    });
  }

  /** `refundMinor` is what the policy refunds (`cancellationQuote`); for an unconfirmed booking payment refunds it on its own, and it is stated for the record. */
  async cancel(tx: EntityManager, booking: Booking, cancellation: Cancellation): Promise<void> {
    const wasConfirmed = booking.status === 'CONFIRMED';
    const { refundMinor } = cancellation;
    booking.cancelledAt = new Date();
    booking.cancellationReason = cancellation.reason;
    booking.refundMinor = refundMinor;
    const refund = refundMinor > 0 ? ` Refund due: ${formatMinorUnits(refundMinor, booking.currency)}.` : '';
    this.#record(tx, booking, 'CANCELLED', `${cancellation.reason}${refund}`);
    await this.#tickets.voidAll(tx, booking.id, 'Booking cancelled');
    await this.#outbox.add(tx, 'booking-events', {
      type: 'BookingCancelled',
      key: booking.id,
      data: {
        ...bookingRef(booking),
        wasConfirmed,
        refundMinor,
        reason: cancellation.reason,
        byShowCancellation: cancellation.byShowCancellation,
      },
    });
  }

  /** A fully refunded booking admits nobody, whatever refunded it. */
  async refunded(tx: EntityManager, booking: Booking): Promise<void> {
    await this.#tickets.voidAll(tx, booking.id, 'Booking refunded');
  }

  async notify(
    tx: EntityManager,
    booking: Booking,
    kind: NotificationKind,
    variables: Record<string, unknown>,
  ): Promise<void> {
    await this.#outbox.add(tx, 'notification-events', {
      type: 'NotificationRequested',
      key: booking.userId,
      data: {
        userId: booking.userId,
        kind,
        bookingId: booking.id,
        showId: booking.showId,
        variables: { reference: booking.reference, ...variables },
      },
    });
  }
}
