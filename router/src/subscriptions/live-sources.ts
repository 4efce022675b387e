import { GraphQLError } from 'graphql';
import { liveChannels, type LiveFieldDeclaration } from '@showstream/contracts';
import { ErrorCode, unauthenticated, type Principal } from '@showstream/platform';
import { liveFields as bookingLiveFields } from '@showstream/booking/live';
import { liveFields as inventoryLiveFields } from '@showstream/inventory/live';
import { liveFields as notificationLiveFields } from '@showstream/notification/live';
import type { GatewayResult } from './gateway-fetch.ts';

/** Runs a query through the gateway as the subscribing viewer. */
export type ViewerFetch = (query: string, variables: Record<string, unknown>) => Promise<GatewayResult>;

/**
 * Every subscription root field, as the subgraph that owns it declares it in its `live.ts` (beside the
 * schema.graphql that declares the field, so it composes and shows in the explorer). The owner publishes
 * to the channel; the router serves each field the same way from these declarations.
 */
export const LIVE_FIELDS: Readonly<Record<string, LiveFieldDeclaration>> = {
  ...inventoryLiveFields,
  ...bookingLiveFields,
  ...notificationLiveFields,
};

/** The channel a subscription listens on, once {@link authorizeLive} has admitted the viewer. */
export function liveChannel(
  field: LiveFieldDeclaration,
  args: Record<string, unknown>,
  principal: Principal | undefined,
): string {
  const channel = liveChannels[field.channel];
  if (field.channelOf !== 'viewer') return channel.name(String(args[field.channelOf.argument]));
  if (!principal) throw unauthenticated('Sign in to receive your own live changes.');
  return channel.name(principal.userId);
}

/** Refuses, with a GraphQLError, a viewer the field's `access` does not admit. */
export async function authorizeLive(
  name: string,
  field: LiveFieldDeclaration,
  principal: Principal | undefined,
  args: Record<string, unknown>,
  fetch: ViewerFetch,
): Promise<void> {
  if (field.access === 'public') return;
  if (!principal) throw unauthenticated(`Sign in to subscribe to ${name}.`);
  if (field.access === 'signed-in') return;
  // The owner decides: the viewer's own query answers, is refused, or finds nothing.
  const { query, field: answer, what } = field.access;
  const result = await fetch(query, args);
  const refusal = result.errors?.[0];
  if (refusal) {
    const code = refusal.extensions?.code;
    throw new GraphQLError(refusal.message, {
      extensions: { code: typeof code === 'string' ? code : ErrorCode.FORBIDDEN },
    });
  }
  if (!result.data?.[answer]) {
    const key = field.channelOf === 'viewer' ? '' : ` ${String(args[field.channelOf.argument])}`;
    throw new GraphQLError(`${what}${key} was not found.`, { extensions: { code: ErrorCode.NOT_FOUND } });
  }
}
