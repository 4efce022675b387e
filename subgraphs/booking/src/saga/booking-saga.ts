import { LockMode } from '@mikro-orm/core';
import type { EventData, EventType, TopicEnvelope } from '@showstream/contracts';
import { money, run, type EntityManager, type Logger, type Outbox } from '@showstream/platform';
import type { BookingConfig } from '../config.ts';
import { BookingSchema, type Booking } from '../bookings/booking.entity.ts';
import type { BookingLifecycle } from '../bookings/booking-lifecycle.ts';
import { cancellationQuote } from '../bookings/pricing.ts';
import { recordHold } from '../holds/hold-projection.ts';
import { endHold, releaseHoldsOfShow } from '../holds/holds.queries.ts';
import { ShowDetails } from '../shows/show-details.ts';
import { ticketDelivery } from '../tickets/ticket-delivery.ts';

/** Inventory's and payment's event types this saga reacts to. */
export const SAGA_INVENTORY_EVENTS = [
  'ShowScheduled',
  'SeatsLocked',
  'SeatsReleased',
  'HoldConsumed',
  'HoldUnavailable',
  'SeatsBooked',
  'ShowCancelled',
] as const;
export const SAGA_PAYMENT_EVENTS = ['PaymentSucceeded', 'PaymentFailed', 'RefundSucceeded'] as const;

type InventoryData<E extends EventType<'inventory-events'>> = EventData<'inventory-events', E>;
type PaymentData<E extends EventType<'payment-events'>> = EventData<'payment-events', E>;

/**
 * Booking's side of the saga (docs/booking-saga.md): it alone decides a booking's status, from
 * inventory's answers about the hold and payment's outcomes, and is the only clock of a pending
 * booking. Handlers run in the inbox transaction; each locks the booking row and acts only if
 * the booking is still in the state the event is about, so late, repeated or reordered events
 * change nothing.
 */
export class BookingSaga {
  readonly #lifecycle: BookingLifecycle;
  readonly #outbox: Outbox;
  readonly #config: BookingConfig;
  readonly #logger: Logger;
  readonly #shows: ShowDetails;

  constructor(lifecycle: BookingLifecycle, outbox: Outbox, config: BookingConfig, logger: Logger, shows: ShowDetails) {
    this.#lifecycle = lifecycle;
    this.#outbox = outbox;
    this.#config = config;
    this.#logger = logger.child({ component: 'booking-saga' });
    this.#shows = shows;
  }

  async onInventoryEvent(
    envelope: TopicEnvelope<'inventory-events', (typeof SAGA_INVENTORY_EVENTS)[number]>,
    tx: EntityManager,
  ): Promise<void> {
    switch (envelope.type) {
      case 'ShowScheduled':
        return ShowDetails.record(tx, envelope.data);
      case 'SeatsLocked':
        return recordHold(tx, envelope.data);
      case 'SeatsReleased':
        return this.#holdReleased(tx, envelope.data);
      case 'HoldConsumed':
        return this.#holdConsumed(tx, envelope.data);
      case 'HoldUnavailable':
        return this.#holdUnavailable(tx, envelope.data);
      case 'SeatsBooked':
        return this.#seatsBooked(tx, envelope.data);
      case 'ShowCancelled':
        return this.#showCancelled(tx, envelope.data);
    }
  }

  async onPaymentEvent(
    envelope: TopicEnvelope<'payment-events', (typeof SAGA_PAYMENT_EVENTS)[number]>,
    tx: EntityManager,
  ): Promise<void> {
    switch (envelope.type) {
      case 'PaymentSucceeded':
        return this.#paymentSucceeded(tx, envelope.data);
      case 'PaymentFailed':
        return this.#paymentFailed(tx, envelope.data);
      case 'RefundSucceeded':
        return this.#refundSucceeded(tx, envelope.data);
    }
  }

  async #holdReleased(tx: EntityManager, released: InventoryData<'SeatsReleased'>): Promise<void> {
    await run(tx, endHold, { status: released.reason === 'EXPIRED' ? 'EXPIRED' : 'RELEASED', lockId: released.lockId });
  }

  async #holdConsumed(tx: EntityManager, answer: InventoryData<'HoldConsumed'>): Promise<void> {
    const booking = await this.#lifecycle.lock(tx, answer.bookingId);
    if (!booking || booking.holdState !== 'WAITING') return;
    booking.holdState = 'HELD';
    await this.#lifecycle.confirmIfReady(tx, booking);
  }

  async #holdUnavailable(tx: EntityManager, answer: InventoryData<'HoldUnavailable'>): Promise<void> {
    const booking = await this.#lifecycle.lock(tx, answer.bookingId);
    if (!booking || booking.holdState !== 'WAITING') return;
    booking.holdState = 'UNAVAILABLE';
    if (booking.status !== 'PENDING') return;
    await this.#lifecycle.expire(
      tx,
      booking,
      `The held seats could not be kept (${answer.reason ?? 'hold unavailable'}).`,
    );
    await this.#lifecycle.notify(tx, booking, 'BOOKING_EXPIRED', {});
  }

  async #paymentSucceeded(tx: EntityManager, payment: PaymentData<'PaymentSucceeded'>): Promise<void> {
    const booking = await this.#lifecycle.lock(tx, payment.bookingId);
    // A payment for a booking that is no longer pending (or came late) is payment's to refund.
    if (!booking || booking.status !== 'PENDING' || booking.paymentStatus === 'SUCCEEDED') return;
    if (new Date(payment.succeededAt).getTime() > booking.expiresAt.getTime()) return;
    if (payment.amountMinor !== booking.finalMinor || payment.currency !== booking.currency) {
      // Left pending, the booking expires and payment refunds: never confirm for a different amount.
      this.#logger.error(
        { bookingId: booking.id, paymentId: payment.paymentId, amountMinor: payment.amountMinor },
        'payment amount does not match the booking',
      );
      return;
    }
    booking.paymentStatus = 'SUCCEEDED';
    booking.paymentId = payment.paymentId;
    booking.updatedAt = new Date();
    await this.#lifecycle.confirmIfReady(tx, booking);
  }

  async #paymentFailed(tx: EntityManager, failure: PaymentData<'PaymentFailed'>): Promise<void> {
    const booking = await this.#lifecycle.lock(tx, failure.bookingId);
    // Another attempt of the same booking may already have succeeded.
    if (!booking || booking.status !== 'PENDING' || booking.paymentStatus === 'SUCCEEDED') return;
    booking.paymentStatus = 'FAILED';
    await this.#lifecycle.fail(tx, booking, `Payment failed: ${failure.reason}`);
    await this.#lifecycle.notify(tx, booking, 'PAYMENT_FAILED', { code: failure.code, reason: failure.reason });
  }

  async #seatsBooked(tx: EntityManager, booked: InventoryData<'SeatsBooked'>): Promise<void> {
    const booking = await tx.findOne(BookingSchema, { id: booked.bookingId });
    if (!booking?.confirmedAt) return;
    const seats = await this.#lifecycle.seatsOf(tx, booking.id);
    // Steps 7 and 8 of the flow, in that order. A booking cancelled meanwhile (e.g. the show was) gets no confirmation message.
    if (booking.status === 'CONFIRMED') {
      await this.#lifecycle.notify(tx, booking, 'BOOKING_CONFIRMED', {
        seats: seats.map((seat) => seat.number),
        amount: money(booking.finalMinor, booking.currency),
        ...(await ticketDelivery(tx, this.#shows, booking)),
      });
    }
    await this.#outbox.add(tx, 'analytics-events', {
      type: 'BookingSucceeded',
      key: booking.id,
      data: {
        bookingId: booking.id,
        userId: booking.userId,
        showId: booking.showId,
        seats,
        totalMinor: booking.totalMinor,
        finalMinor: booking.finalMinor,
        currency: booking.currency,
        confirmedAt: booking.confirmedAt.toISOString(),
      },
    });
  }

  async #refundSucceeded(tx: EntityManager, refund: PaymentData<'RefundSucceeded'>): Promise<void> {
    const booking = await this.#lifecycle.lock(tx, refund.bookingId);
    if (!booking) return;
    // Only the booking's own payment moves its paymentStatus; a duplicate or late payment's refund does not.
    if (refund.paymentId === booking.paymentId && booking.paymentStatus !== 'REFUNDED') {
      booking.paymentStatus = refund.fullyRefunded ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
      booking.updatedAt = new Date();
      if (refund.fullyRefunded) await this.#lifecycle.refunded(tx, booking);
    }
    // Whichever payment it was, the money went back to the buyer, who should hear of it.
    await this.#lifecycle.notify(tx, booking, 'REFUND_ISSUED', { amount: money(refund.amountMinor, refund.currency) });
  }

  /** Every open booking of a cancelled show is cancelled with everything paid refunded; its holds can no longer be booked. */
  async #showCancelled(tx: EntityManager, cancelled: InventoryData<'ShowCancelled'>): Promise<void> {
    await run(tx, releaseHoldsOfShow, { showId: cancelled.showId });
    const open = await tx.find(
      BookingSchema,
      { showId: cancelled.showId, status: { $in: ['PENDING', 'CONFIRMED'] } },
      { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { id: 'asc' }, refresh: true },
    );
    for (const booking of open) {
      const { refundMinor } = cancellationQuote(booking, { byShowCancellation: true });
      await this.#lifecycle.cancel(tx, booking, {
        reason: `The show was cancelled: ${cancelled.reason}`,
        refundMinor,
        byShowCancellation: true,
      });
      await this.#lifecycle.notify(tx, booking, 'SHOW_CANCELLED', {
        reason: cancelled.reason,
        refund: money(booking.refundMinor ?? 0, booking.currency),
      });
    }
  }

  /**
   * Reminds the buyers of unpaid bookings whose payment deadline is near (their seats are held
   * only until then), once per booking; a booking whose payment already succeeded needs no reminder.
   */
  async warnExpiring(em: EntityManager, limit = 100): Promise<number> {
    return em.fork().transactional(async (tx) => {
      const now = Date.now();
      const due: Booking[] = await tx.find(
        BookingSchema,
        {
          status: 'PENDING',
          paymentStatus: { $ne: 'SUCCEEDED' },
          expiryWarnedAt: null,
          expiresAt: { $gt: new Date(now), $lte: new Date(now + this.#config.EXPIRY_WARNING_SECONDS * 1000) },
        },
        { lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE, orderBy: { expiresAt: 'asc' }, limit },
      );
      for (const booking of due) {
        booking.expiryWarnedAt = new Date(now);
        const minutesLeft = Math.max(1, Math.round((booking.expiresAt.getTime() - now) / 60_000));
        await this.#lifecycle.notify(tx, booking, 'HOLD_EXPIRING', {
          expiresAt: booking.expiresAt.toISOString(),
          minutesLeft,
        });
      }
      return due.length;
    });
  }

  /**
   * Expires pending bookings past their payment deadline (and a grace for a payment that
   * succeeded in time to arrive). Several processes can sweep at once without taking the same booking.
   */
  async expireDue(em: EntityManager, limit = 100): Promise<number> {
    return em.fork().transactional(async (tx) => {
      const cutoff = new Date(Date.now() - this.#config.PAYMENT_GRACE_SECONDS * 1000);
      const due: Booking[] = await tx.find(
        BookingSchema,
        { status: 'PENDING', expiresAt: { $lt: cutoff } },
        { lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE, orderBy: { expiresAt: 'asc' }, limit },
      );
      for (const booking of due) {
        await this.#lifecycle.expire(tx, booking, 'Not paid within the payment window.');
        await this.#lifecycle.notify(tx, booking, 'BOOKING_EXPIRED', {});
      }
      return due.length;
    });
  }
}
