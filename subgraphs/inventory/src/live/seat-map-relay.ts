import { liveChannels, type EventHandler, type PubSub } from '@showstream/platform';
import { SEAT_CHANGE_EVENTS, type SeatChangeData } from '../outbox-events.ts';

/** A change as `seatMapChanged` delivers it (the router adds `show`). */
export interface SeatMapChangeMessage {
  showId: string;
  version: number;
  seats: { number: string; row: string; seatType: string; price: { amountMinor: number; currency: string }; status: string }[];
}

/**
 * Moves seat changes from Kafka to the show's pub/sub channel, where router processes with
 * subscribers for that show pick them up. Fire and forget: a subscriber that misses a message
 * sees a gap in versions and refetches the seat map.
 */
export function seatMapRelay(pubsub: PubSub): EventHandler {
  return async (envelope) => {
    if (!SEAT_CHANGE_EVENTS.has(envelope.type)) return;
    const change = envelope.data as SeatChangeData;
    const message: SeatMapChangeMessage = {
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
    await pubsub.publish(liveChannels.seatMap(change.showId), JSON.stringify(message));
  };
}
