import { defineLiveFields } from '@showstream/contracts';

/** Inventory's subscription fields (schema.graphql), served by the router from the channels inventory publishes. */
export const liveFields = defineLiveFields({
  seatMapChanged: {
    channel: 'seatMap',
    channelOf: { argument: 'showId' },
    entity: { payloadKey: 'showId', field: 'show', queryField: 'show', idType: 'ID!' },
    access: 'public',
  },
});
