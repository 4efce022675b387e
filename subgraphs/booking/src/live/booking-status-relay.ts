import { liveChannels, type EventHandler, type PubSub } from '@showstream/platform';
import { BookingEvent } from '../outbox-events.ts';
import type { BookingStatus } from '../bookings/booking.entity.ts';

const STATUS_BY_EVENT: Record<string, BookingStatus> = {
  [BookingEvent.BookingCreated]: 'PENDING',
  [BookingEvent.BookingConfirmed]: 'CONFIRMED',
  [BookingEvent.BookingFailed]: 'FAILED',
  [BookingEvent.BookingExpired]: 'EXPIRED',
  [BookingEvent.BookingCancelled]: 'CANCELLED',
};

/** A status change as `bookingStatusChanged` receives it; the router fetches the rest of the Booking through the gateway. */
export interface BookingStatusMessage {
  id: string;
  status: BookingStatus;
}

/** Moves booking status changes from Kafka to the booking's pub/sub channel. Fire and forget, like the seat-map relay. */
export function bookingStatusRelay(pubsub: PubSub): EventHandler {
  return async (envelope) => {
    const status = STATUS_BY_EVENT[envelope.type];
    if (!status) return;
    const { bookingId } = envelope.data as { bookingId: string };
    const message: BookingStatusMessage = { id: bookingId, status };
    await pubsub.publish(liveChannels.booking(bookingId), JSON.stringify(message));
  };
}
