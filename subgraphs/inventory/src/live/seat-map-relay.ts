import {
  SEAT_CHANGE_EVENTS,
  liveChannels,
  type LiveMessage,
  type SeatChangeEvent,
  type TopicEnvelope,
} from '@showstream/contracts';
import type { EventHandler, PubSub } from '@showstream/platform';

const isSeatChange = (
  envelope: TopicEnvelope<'inventory-events'>,
): envelope is TopicEnvelope<'inventory-events', SeatChangeEvent> =>
  SEAT_CHANGE_EVENTS.some((type) => type === envelope.type);

/**
 * Moves seat changes from Kafka to the show's pub/sub channel, where router processes with
 * subscribers for that show pick them up. Fire and forget: a subscriber that misses a message
 * sees a gap in versions and refetches the seat map.
 */
export function seatMapRelay(pubsub: PubSub): EventHandler<'inventory-events'> {
  return async (envelope) => {
    if (!isSeatChange(envelope)) return;
    const change = envelope.data;
    const message: LiveMessage<'seatMap'> = {
      showId: change.showId,
      version: change.version,
      seats: change.seats.map((seat) => ({
        number: seat.number,
        row: seat.row,
        seatType: seat.seatType,
        price: { amountMinor: seat.priceMinor, currency: change.currency },
        status: seat.status,
      })),
    };
    await pubsub.publish(liveChannels.seatMap.name(change.showId), JSON.stringify(message));
  };
}
