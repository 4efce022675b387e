import { liveChannels, type EventType, type LiveMessage } from '@showstream/contracts';
import type { EventHandler, PubSub } from '@showstream/platform';

const STATUS_BY_EVENT: Record<EventType<'booking-events'>, LiveMessage<'booking'>['status']> = {
  BookingCreated: 'PENDING',
  BookingConfirmed: 'CONFIRMED',
  BookingFailed: 'FAILED',
  BookingExpired: 'EXPIRED',
  BookingCancelled: 'CANCELLED',
};

/** Moves booking status changes from Kafka to the booking's pub/sub channel. Fire and forget, like the seat-map relay. */
export function bookingStatusRelay(pubsub: PubSub): EventHandler<'booking-events'> {
  return async (envelope) => {
    const { bookingId } = envelope.data;
    const message: LiveMessage<'booking'> = { id: bookingId, status: STATUS_BY_EVENT[envelope.type] };
    await pubsub.publish(liveChannels.booking.name(bookingId), JSON.stringify(message));
  };
}
