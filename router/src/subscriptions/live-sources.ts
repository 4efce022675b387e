import { GraphQLError } from 'graphql';
import { liveChannels } from '@showstream/contracts';
import { ErrorCode, unauthenticated, type Principal } from '@showstream/platform';
import type { GatewayResult } from './gateway-fetch.ts';

/** Runs a query through the gateway as the subscribing viewer. */
export type ViewerFetch = (query: string, variables: Record<string, unknown>) => Promise<GatewayResult>;

/**
 * Where each subscription root field's events come from. The owning subgraph declares the field
 * in its SDL (so it composes and shows in the explorer) and publishes to the channel; the router
 * serves it from the channel.
 */
export interface LiveSource {
  /** The channel to listen on; `principal` is there for per-viewer fields (authorize has already run). */
  channel(args: Record<string, unknown>, principal: Principal | undefined): string;
  /**
   * What to fetch through the gateway for each event: the payload field naming the entity, the
   * query field that fetches it, and `field`, the subscription field that holds it — or none,
   * when the subscription field is the entity itself.
   */
  entity?: { payloadKey: string; field?: string; queryField: string; idType: string; cacheMs?: number };
  /** Throws (or rejects with) a GraphQLError to refuse; the default is public. */
  authorize?(principal: Principal | undefined, args: Record<string, unknown>, fetch: ViewerFetch): void | Promise<void>;
}

export const LIVE_SOURCES: Record<string, LiveSource> = {
  seatMapChanged: {
    channel: (args) => liveChannels.seatMap.name(String(args.showId)),
    entity: { payloadKey: 'showId', field: 'show', queryField: 'show', idType: 'ID!' },
  },
  notificationReceived: {
    // The caller's own notifications; the event carries the whole Notification, so nothing is fetched.
    channel: (_args, principal) => {
      if (!principal) throw unauthenticated('Sign in to receive notifications.');
      return liveChannels.notifications.name(principal.userId);
    },
    authorize: (principal) => {
      if (!principal) throw unauthenticated('Sign in to receive notifications.');
    },
  },
  bookingStatusChanged: {
    channel: (args) => liveChannels.booking.name(String(args.id)),
    // The status changes with every event, so nothing is reused between events.
    entity: { payloadKey: 'id', queryField: 'booking', idType: 'ID!', cacheMs: 0 },
    // Owner (or admin) only: the booking subgraph decides, by answering the viewer's own query.
    authorize: async (principal, args, fetch) => {
      if (!principal) throw unauthenticated('Sign in to follow a booking.');
      const result = await fetch('query LiveBookingAccess($id: ID!) { booking(id: $id) { id } }', { id: args.id });
      const refusal = result.errors?.[0];
      if (refusal) {
        const code = refusal.extensions?.code;
        throw new GraphQLError(refusal.message, {
          extensions: { code: typeof code === 'string' ? code : ErrorCode.FORBIDDEN },
        });
      }
      if (!result.data?.booking)
        throw new GraphQLError(`Booking ${String(args.id)} was not found.`, {
          extensions: { code: ErrorCode.NOT_FOUND },
        });
    },
  },
};
