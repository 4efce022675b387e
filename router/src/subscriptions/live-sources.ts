import { liveChannels, type Principal } from '@showstream/platform';

/**
 * Where each subscription root field's events come from. The owning subgraph declares the field
 * in its SDL (so it composes and shows in the explorer) and publishes to the channel; the router
 * serves it from the channel.
 */
export interface LiveSource {
  channel(args: Record<string, unknown>): string;
  /** The field of the event payload that names the entity to fetch through the gateway, and the query field that fetches it. */
  entity?: { payloadKey: string; field: string; queryField: string; idType: string };
  /** Throws a GraphQLError to refuse; the default is public. */
  authorize?(principal: Principal | undefined, args: Record<string, unknown>): void;
}

export const LIVE_SOURCES: Record<string, LiveSource> = {
  seatMapChanged: {
    channel: (args) => liveChannels.seatMap(String(args.showId)),
    entity: { payloadKey: 'showId', field: 'show', queryField: 'show', idType: 'ID!' },
  },
};
