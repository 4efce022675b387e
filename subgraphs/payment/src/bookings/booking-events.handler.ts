import type { EventData, TopicEnvelope } from '@showstream/contracts';
import { run, type EntityManager, type Logger } from '@showstream/platform';
import type { RefundService } from '../refunds/refund.service.ts';
import { recordBookingCreated } from './booking-projection.ts';
import {
  confirmBookingProjection,
  lockBookingStatus,
  paymentToRefundForCancellation,
  setBookingStatus,
} from './bookings.queries.ts';

/**
 * Keeps the booking projection and follows booking's decisions with refunds: money taken on a
 * booking that ended without being confirmed goes back in full; a confirmed booking cancelled
 * later gets the `refundMinor` booking decided. Runs in the consumer's inbox transaction; the
 * booking row lock orders it against payment outcomes, so whichever comes second refunds.
 */
export class BookingEventsHandler {
  readonly #refunds: RefundService;
  readonly #logger: Logger;

  constructor(refunds: RefundService, logger: Logger) {
    this.#refunds = refunds;
    this.#logger = logger;
  }

  async handle(envelope: TopicEnvelope<'booking-events'>, tx: EntityManager): Promise<void> {
    switch (envelope.type) {
      case 'BookingCreated':
        return recordBookingCreated(tx, envelope.data);
      case 'BookingConfirmed': {
        const data = envelope.data;
        await run(tx, confirmBookingProjection, { paymentId: data.paymentId, bookingId: data.bookingId });
        return;
      }
      case 'BookingExpired':
      case 'BookingFailed': {
        const data = envelope.data;
        if (
          !(await this.#end(tx, data.bookingId, envelope.type === 'BookingExpired' ? 'EXPIRED' : 'FAILED', ['PENDING']))
        )
          return;
        await this.#refunds.queueFullRefunds(
          tx,
          data.bookingId,
          envelope.type === 'BookingExpired' ? 'BOOKING_EXPIRED' : 'BOOKING_FAILED',
        );
        return;
      }
      case 'BookingCancelled':
        return this.#cancelled(tx, envelope.data);
    }
  }

  /** Locks the booking row and moves it to `status` from one of `from`; false when the booking is unknown. */
  async #end(tx: EntityManager, bookingId: string, status: string, from: string[]): Promise<boolean> {
    const [booking] = await run(tx, lockBookingStatus, { bookingId });
    if (!booking) {
      this.#logger.warn({ bookingId, status }, 'booking end for a booking payment never saw created; ignored');
      return false;
    }
    if (from.includes(booking.status)) await run(tx, setBookingStatus, { status, bookingId });
    return true;
  }

  async #cancelled(tx: EntityManager, data: EventData<'booking-events', 'BookingCancelled'>): Promise<void> {
    if (!(await this.#end(tx, data.bookingId, 'CANCELLED', ['PENDING', 'CONFIRMED']))) return;
    const reason = data.byShowCancellation ? 'SHOW_CANCELLED' : 'BOOKING_CANCELLED';
    if (!data.wasConfirmed) {
      await this.#refunds.queueFullRefunds(tx, data.bookingId, reason);
      return;
    }
    if (data.refundMinor <= 0) return;
    // The payment the booking was confirmed with (duplicates were refunded when they arrived).
    const [payment] = await run(tx, paymentToRefundForCancellation, { bookingId: data.bookingId });
    if (!payment) {
      this.#logger.error(
        { bookingId: data.bookingId },
        'confirmed booking cancelled with a refund but no succeeded payment',
      );
      return;
    }
    await this.#refunds.queue(tx, payment.id, { upToMinor: data.refundMinor }, reason, `cancel:${data.bookingId}`);
  }
}
