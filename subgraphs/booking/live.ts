import { defineLiveFields } from '@showstream/contracts';

/** Booking's subscription fields (schema.graphql), served by the router from the channels booking publishes. */
export const liveFields = defineLiveFields({
  bookingStatusChanged: {
    channel: 'booking',
    channelOf: { argument: 'id' },
    // The status changes with every message, so nothing is reused between them.
    entity: { payloadKey: 'id', queryField: 'booking', idType: 'ID!', cacheMs: 0 },
    // Owner (or admin) only: booking decides, by answering the viewer's own query.
    access: {
      query: 'query LiveBookingAccess($id: ID!) { booking(id: $id) { id } }',
      field: 'booking',
      what: 'Booking',
    },
  },
  checkInCountChanged: {
    channel: 'checkIns',
    channelOf: { argument: 'showId' },
    // Door staff only: booking decides, by answering the same count query as the viewer.
    access: {
      query: 'query LiveCheckInAccess($showId: ID!) { checkInCount(showId: $showId) { showId } }',
      field: 'checkInCount',
      what: 'Show',
    },
  },
});
