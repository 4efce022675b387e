import type { EventData, EventEnvelope, Topic, TopicEnvelope } from '@showstream/contracts';
import { run, type EntityManager } from '@showstream/platform';
import {
  announcedPayment,
  endBooking,
  endHold,
  lockBookingConfirmation,
  lockPaymentSuccess,
  recordActivity,
  recordBookingConfirmed,
  recordBookingCreated,
  recordHoldPlaced,
  recordPaymentFailed,
  recordPaymentInitiated,
  recordPaymentSucceeded,
  recordRefundSucceeded,
  recordShowCancelled,
  recordShowScheduled,
  recordUserRegistered,
} from './facts.queries.ts';
import type { Rollups } from '../rollups/rollups.ts';

const BOOKING_ENDS = { BookingCancelled: 'CANCELLED', BookingExpired: 'EXPIRED', BookingFailed: 'FAILED' } as const;

/**
 * Applies every event of every topic to the fact tables and the rollups. Runs inside the inbox
 * transaction (idempotentHandler), so an event id is applied once; a fact's time is the time the
 * event reports (its occurredAt, or the payment's succeededAt), never the time it was consumed.
 */
export class FactsHandler {
  readonly #rollups: Rollups;

  constructor(rollups: Rollups) {
    this.#rollups = rollups;
  }

  /** Every event is counted by topic and type, then applied by its topic's method. */
  async #consumed(tx: EntityManager, topic: Topic, envelope: EventEnvelope): Promise<void> {
    await this.#rollups.count(tx, envelope.occurredAt, [
      { name: 'events_consumed', dimensions: { topic, type: envelope.type } },
    ]);
  }

  async notificationEvent(envelope: TopicEnvelope<'notification-events'>, tx: EntityManager): Promise<void> {
    await this.#consumed(tx, 'notification-events', envelope);
    await this.#rollups.count(tx, envelope.occurredAt, [
      { name: 'notifications_requested', dimensions: { kind: envelope.data.kind } },
    ]);
  }

  async analyticsEvent(envelope: TopicEnvelope<'analytics-events'>, tx: EntityManager): Promise<void> {
    await this.#consumed(tx, 'analytics-events', envelope);
    await this.#rollups.count(tx, envelope.occurredAt, [{ name: 'bookings_succeeded' }]);
  }

  async inventoryEvent(envelope: TopicEnvelope<'inventory-events'>, tx: EntityManager): Promise<void> {
    await this.#consumed(tx, 'inventory-events', envelope);
    const at = envelope.occurredAt;
    switch (envelope.type) {
      case 'ShowScheduled': {
        const { data } = envelope;
        await run(tx, recordShowScheduled, {
          showId: data.showId,
          eventId: data.eventId,
          venueId: data.venueId,
          city: data.city,
          startsAt: data.startsAt,
          seatsTotal: data.seats.length,
          currency: data.currency,
        });
        return;
      }
      case 'ShowCancelled': {
        const { data } = envelope;
        await run(tx, recordShowCancelled, { showId: data.showId, eventId: data.eventId, cancelledAt: at });
        return;
      }
      case 'SeatsLocked': {
        const { data } = envelope;
        await run(tx, recordHoldPlaced, {
          lockId: data.lockId,
          showId: data.showId,
          userId: data.userId,
          seatCount: data.seats.length,
          totalMinor: data.totalMinor,
          currency: data.currency,
          placedAt: at,
          expiresAt: data.expiresAt,
        });
        await this.#activity(tx, envelope, data.userId, 'HELD_SEATS', data.showId);
        await this.#rollups.count(tx, at, [{ name: 'holds_placed' }]);
        return;
      }
      case 'SeatsReleased': {
        const { data } = envelope;
        await run(tx, endHold, {
          status: data.reason === 'EXPIRED' ? 'EXPIRED' : 'RELEASED',
          endedAt: at,
          lockId: data.lockId,
        });
        return;
      }
      case 'HoldConsumed': {
        const { data } = envelope;
        await run(tx, endHold, { status: 'CONSUMED', endedAt: at, lockId: data.lockId });
        return;
      }
    }
  }

  async bookingEvent(envelope: TopicEnvelope<'booking-events'>, tx: EntityManager): Promise<void> {
    await this.#consumed(tx, 'booking-events', envelope);
    const at = envelope.occurredAt;
    if (envelope.type === 'BookingCreated') {
      const { data } = envelope;
      await run(tx, recordBookingCreated, {
        bookingId: data.bookingId,
        userId: data.userId,
        showId: data.showId,
        seatCount: data.seats.length,
        totalMinor: data.totalMinor,
        finalMinor: data.finalMinor,
        currency: data.currency,
        createdAt: at,
      });
      await this.#activity(tx, envelope, data.userId, 'BOOKED', data.showId);
      await this.#rollups.count(tx, at, [{ name: 'bookings_created' }]);
      return;
    }
    if (envelope.type === 'BookingConfirmed') return this.#confirmed(tx, at, envelope.data);
    const status = BOOKING_ENDS[envelope.type];
    const { bookingId } = envelope.data;
    const ended = await run(tx, endBooking, { status, endedAt: at, bookingId });
    if (ended.length > 0) await this.#rollups.count(tx, at, [{ name: 'bookings_ended', dimensions: { status } }]);
  }

  async #confirmed(
    tx: EntityManager,
    at: string,
    data: EventData<'booking-events', 'BookingConfirmed'>,
  ): Promise<void> {
    const [prior] = await run(tx, lockBookingConfirmation, { bookingId: data.bookingId });
    if (prior?.confirmed_at) return;
    const totalMinor = data.seats.reduce((sum, seat) => sum + seat.priceMinor, 0);
    await run(tx, recordBookingConfirmed, {
      bookingId: data.bookingId,
      userId: data.userId,
      showId: data.showId,
      seatCount: data.seats.length,
      totalMinor,
      finalMinor: data.finalMinor,
      currency: data.currency,
      confirmedAt: at,
    });
    await this.#rollups.count(tx, at, [{ name: 'bookings_confirmed' }]);
    if (data.currency === this.#rollups.currency) {
      await this.#rollups.daily(tx, at, {
        total_bookings: 1,
        tickets_sold: data.seats.length,
        ticket_revenue_minor: totalMinor,
      });
    }
  }

  async paymentEvent(envelope: TopicEnvelope<'payment-events'>, tx: EntityManager): Promise<void> {
    await this.#consumed(tx, 'payment-events', envelope);
    const at = envelope.occurredAt;
    switch (envelope.type) {
      case 'PaymentInitiated': {
        const { data } = envelope;
        await run(tx, recordPaymentInitiated, {
          paymentId: data.paymentId,
          bookingId: data.bookingId,
          userId: data.userId,
          amountMinor: data.amountMinor,
          currency: data.currency,
          initiatedAt: at,
        });
        await this.#rollups.count(tx, at, [{ name: 'payments_initiated' }]);
        return;
      }
      case 'PaymentSucceeded': {
        const { data } = envelope;
        const [prior] = await run(tx, lockPaymentSuccess, { paymentId: data.paymentId });
        if (prior?.succeeded_at) return;
        await run(tx, recordPaymentSucceeded, {
          paymentId: data.paymentId,
          bookingId: data.bookingId,
          userId: data.userId,
          amountMinor: data.amountMinor,
          currency: data.currency,
          succeededAt: data.succeededAt,
        });
        await this.#rollups.count(tx, data.succeededAt, [
          { name: 'payments_succeeded' },
          {
            name: 'revenue_captured_minor',
            type: 'sum_minor',
            value: data.amountMinor,
            dimensions: { currency: data.currency },
          },
        ]);
        if (data.currency === this.#rollups.currency)
          await this.#rollups.daily(tx, data.succeededAt, { captured_minor: data.amountMinor });
        return;
      }
      case 'PaymentFailed': {
        const { data } = envelope;
        await run(tx, recordPaymentFailed, { code: data.code, failedAt: at, paymentId: data.paymentId });
        await this.#rollups.count(tx, at, [{ name: 'payments_failed', dimensions: { code: data.code } }]);
        return;
      }
      case 'RefundSucceeded': {
        const { data } = envelope;
        const inserted = await run(tx, recordRefundSucceeded, {
          refundId: data.refundId,
          paymentId: data.paymentId,
          bookingId: data.bookingId,
          amountMinor: data.amountMinor,
          currency: data.currency,
          reason: data.reason,
          succeededAt: at,
        });
        if (inserted.length === 0) return;
        await this.#rollups.count(tx, at, [
          { name: 'refunds_succeeded', dimensions: { reason: data.reason } },
          {
            name: 'revenue_refunded_minor',
            type: 'sum_minor',
            value: data.amountMinor,
            dimensions: { currency: data.currency },
          },
        ]);
        // Revenue counts refunds of announced payments only: a duplicate payment was never announced, so neither is its refund
        // (its success comes before its refund on the booking's partition).
        const [announced] = await run(tx, announcedPayment, { paymentId: data.paymentId });
        if (announced && data.currency === this.#rollups.currency)
          await this.#rollups.daily(tx, at, { refunded_minor: data.amountMinor });
        return;
      }
      case 'RefundFailed':
        await this.#rollups.count(tx, at, [{ name: 'refunds_failed' }]);
        return;
    }
  }

  async userEvent(envelope: TopicEnvelope<'user-events'>, tx: EntityManager): Promise<void> {
    await this.#consumed(tx, 'user-events', envelope);
    const { userId } = envelope.data;
    const at = envelope.occurredAt;
    if (envelope.type === 'UserRegistered') {
      const inserted = await run(tx, recordUserRegistered, { userId, registeredAt: at });
      await this.#activity(tx, envelope, userId, 'REGISTERED', null);
      if (inserted.length === 0) return;
      await this.#rollups.count(tx, at, [{ name: 'users_registered' }]);
      await this.#rollups.daily(tx, at, { new_users: 1 });
    } else if (envelope.type === 'UserLoggedIn') {
      await this.#activity(tx, envelope, userId, 'LOGGED_IN', null);
      await this.#rollups.count(tx, at, [{ name: 'user_logins' }]);
    }
  }

  async #activity(
    tx: EntityManager,
    envelope: EventEnvelope,
    userId: string,
    kind: string,
    showId: string | null,
  ): Promise<void> {
    await run(tx, recordActivity, {
      sourceId: envelope.id,
      userId,
      kind,
      showId,
      occurredAt: envelope.occurredAt,
    });
  }
}
