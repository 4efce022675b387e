import { run, type EntityManager } from '@showstream/platform';
import type { Channel } from '../channels/channel.ts';
import { insertRecipientDeliveries, insertUserDeliveries } from './deliveries.queries.ts';

export interface QueueRequest {
  kind: string;
  /** null: every channel the kind has an active template for. */
  channels: readonly Channel[] | null;
  variables: Record<string, unknown>;
  scheduledAt: Date | null;
}

/**
 * Queues one delivery per user and active template of the kind, inside the caller's transaction.
 * Each user's origin is `${origin}:${userId}`; with (origin, channel) unique, repeating a cause
 * queues nothing new. Returns how many deliveries were queued.
 */
export async function queueForUsers(
  tx: EntityManager,
  origin: string,
  userIds: readonly string[],
  request: QueueRequest,
): Promise<number> {
  if (userIds.length === 0) return 0;
  const rows = await run(tx, insertUserDeliveries, {
    origin,
    variables: JSON.stringify(request.variables),
    scheduledAt: request.scheduledAt,
    userIds: [...userIds],
    kind: request.kind,
    channels: request.channels && [...request.channels],
  });
  return rows.length;
}

/** Queues one delivery per channel to explicit addresses (no user: no preferences, no in-app). */
export async function queueForRecipient(
  tx: EntityManager,
  origin: string,
  addresses: ReadonlyMap<Channel, string>,
  request: QueueRequest,
): Promise<number> {
  let queued = 0;
  for (const [channel, address] of addresses) {
    const rows = await run(tx, insertRecipientDeliveries, {
      origin,
      recipientContact: address,
      variables: JSON.stringify(request.variables),
      scheduledAt: request.scheduledAt,
      kind: request.kind,
      channel,
    });
    queued += rows.length;
  }
  return queued;
}
