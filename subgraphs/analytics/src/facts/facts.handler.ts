import type { EventData, EventEnvelope, Topic, TopicEnvelope } from '@showstream/contracts';
import { query, type EntityManager } from '@showstream/platform';
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
        await query(
          tx,
          `insert into show_facts (show_id, event_id, venue_id, city, starts_at, seats_total, currency) values (?, ?, ?, ?, ?, ?, ?)
           on conflict (show_id) do update set event_id = excluded.event_id, venue_id = excluded.venue_id, city = excluded.city,
             starts_at = excluded.starts_at, seats_total = excluded.seats_total, currency = excluded.currency, updated_at = now()`,
          [data.showId, data.eventId, data.venueId, data.city, data.startsAt, data.seats.length, data.currency],
        );
        return;
      }
      case 'ShowCancelled': {
        const { data } = envelope;
        await query(
          tx,
          `insert into show_facts (show_id, event_id, cancelled_at) values (?, ?, ?)
           on conflict (show_id) do update set cancelled_at = coalesce(show_facts.cancelled_at, excluded.cancelled_at), updated_at = now()`,
          [data.showId, data.eventId, at],
        );
        return;
      }
      case 'SeatsLocked': {
        const { data } = envelope;
        await query(
          tx,
          `insert into hold_facts (lock_id, show_id, user_id, seat_count, total_minor, currency, placed_at, expires_at) values (?, ?, ?, ?, ?, ?, ?, ?)
           on conflict (lock_id) do nothing`,
          [
            data.lockId,
            data.showId,
            data.userId,
            data.seats.length,
            data.totalMinor,
            data.currency,
            at,
            data.expiresAt,
          ],
        );
        await this.#activity(tx, envelope, data.userId, 'HELD_SEATS', data.showId);
        await this.#rollups.count(tx, at, [{ name: 'holds_placed' }]);
        return;
      }
      case 'SeatsReleased': {
        // Only a hold still waiting ends here: a consumed hold's later release belongs to its booking's outcome.
        const { data } = envelope;
        await query(tx, "update hold_facts set status = ?, ended_at = ? where lock_id = ? and status = 'ACTIVE'", [
          data.reason === 'EXPIRED' ? 'EXPIRED' : 'RELEASED',
          at,
          data.lockId,
        ]);
        return;
      }
      case 'HoldConsumed': {
        const { data } = envelope;
        await query(
          tx,
          "update hold_facts set status = 'CONSUMED', ended_at = ? where lock_id = ? and status = 'ACTIVE'",
          [at, data.lockId],
        );
        return;
      }
    }
  }

  async bookingEvent(envelope: TopicEnvelope<'booking-events'>, tx: EntityManager): Promise<void> {
    await this.#consumed(tx, 'booking-events', envelope);
    const at = envelope.occurredAt;
    if (envelope.type === 'BookingCreated') {
      const { data } = envelope;
      await query(
        tx,
        `insert into booking_facts (booking_id, user_id, show_id, status, seat_count, total_minor, final_minor, currency, created_at)
         values (?, ?, ?, 'PENDING', ?, ?, ?, ?, ?)
         on conflict (booking_id) do update set created_at = coalesce(booking_facts.created_at, excluded.created_at)`,
        [
          data.bookingId,
          data.userId,
          data.showId,
          data.seats.length,
          data.totalMinor,
          data.finalMinor,
          data.currency,
          at,
        ],
      );
      await this.#activity(tx, envelope, data.userId, 'BOOKED', data.showId);
      await this.#rollups.count(tx, at, [{ name: 'bookings_created' }]);
      return;
    }
    if (envelope.type === 'BookingConfirmed') return this.#confirmed(tx, at, envelope.data);
    const status = BOOKING_ENDS[envelope.type];
    const { bookingId } = envelope.data;
    // A booking ends once; its end is counted with its status when it happened.
    const ended = await query<{ booking_id: string }>(
      tx,
      'update booking_facts set status = ?, ended_at = ? where booking_id = ? and ended_at is null returning booking_id',
      [status, at, bookingId],
    );
    if (ended.length > 0) await this.#rollups.count(tx, at, [{ name: 'bookings_ended', dimensions: { status } }]);
  }

  async #confirmed(
    tx: EntityManager,
    at: string,
    data: EventData<'booking-events', 'BookingConfirmed'>,
  ): Promise<void> {
    const [prior] = await query<{ confirmed_at: Date | null }>(
      tx,
      'select confirmed_at from booking_facts where booking_id = ? for update',
      [data.bookingId],
    );
    if (prior?.confirmed_at) return;
    const totalMinor = data.seats.reduce((sum, seat) => sum + seat.priceMinor, 0);
    // The confirmation carries what the booking sold, so it stands even if its creation was never seen.
    await query(
      tx,
      `insert into booking_facts (booking_id, user_id, show_id, status, seat_count, total_minor, final_minor, currency, confirmed_at)
       values (?, ?, ?, 'CONFIRMED', ?, ?, ?, ?, ?)
       on conflict (booking_id) do update set confirmed_at = excluded.confirmed_at,
         status = case when booking_facts.ended_at is null then 'CONFIRMED' else booking_facts.status end`,
      [data.bookingId, data.userId, data.showId, data.seats.length, totalMinor, data.finalMinor, data.currency, at],
    );
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
        await query(
          tx,
          `insert into payment_facts (payment_id, booking_id, user_id, amount_minor, currency, status, initiated_at) values (?, ?, ?, ?, ?, 'INITIATED', ?)
           on conflict (payment_id) do update set initiated_at = coalesce(payment_facts.initiated_at, excluded.initiated_at)`,
          [data.paymentId, data.bookingId, data.userId, data.amountMinor, data.currency, at],
        );
        await this.#rollups.count(tx, at, [{ name: 'payments_initiated' }]);
        return;
      }
      case 'PaymentSucceeded': {
        const { data } = envelope;
        const [prior] = await query<{ succeeded_at: Date | null }>(
          tx,
          'select succeeded_at from payment_facts where payment_id = ? for update',
          [data.paymentId],
        );
        if (prior?.succeeded_at) return;
        await query(
          tx,
          `insert into payment_facts (payment_id, booking_id, user_id, amount_minor, currency, status, succeeded_at) values (?, ?, ?, ?, ?, 'SUCCEEDED', ?)
           on conflict (payment_id) do update set status = 'SUCCEEDED', succeeded_at = excluded.succeeded_at, amount_minor = excluded.amount_minor`,
          [data.paymentId, data.bookingId, data.userId, data.amountMinor, data.currency, data.succeededAt],
        );
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
        // A decline reported after the gateway took the money (out of order) does not undo the success.
        await query(
          tx,
          "update payment_facts set status = case when succeeded_at is null then 'FAILED' else status end, failure_code = ?, failed_at = coalesce(failed_at, ?) where payment_id = ?",
          [data.code, at, data.paymentId],
        );
        await this.#rollups.count(tx, at, [{ name: 'payments_failed', dimensions: { code: data.code } }]);
        return;
      }
      case 'RefundSucceeded': {
        const { data } = envelope;
        const inserted = await query<{ refund_id: string }>(
          tx,
          `insert into refund_facts (refund_id, payment_id, booking_id, amount_minor, currency, reason, succeeded_at) values (?, ?, ?, ?, ?, ?, ?)
           on conflict (refund_id) do nothing returning refund_id`,
          [data.refundId, data.paymentId, data.bookingId, data.amountMinor, data.currency, data.reason, at],
        );
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
        const [announced] = await query<{ found: number }>(
          tx,
          'select 1 as found from payment_facts where payment_id = ? and succeeded_at is not null',
          [data.paymentId],
        );
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
      const inserted = await query<{ user_id: string }>(
        tx,
        'insert into user_facts (user_id, registered_at) values (?, ?) on conflict (user_id) do nothing returning user_id',
        [userId, at],
      );
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
    await query(
      tx,
      'insert into user_activity (source_id, user_id, kind, show_id, occurred_at) values (?, ?, ?, ?, ?) on conflict (source_id) do nothing',
      [envelope.id, userId, kind, showId, envelope.occurredAt],
    );
  }
}
