import { query, type EntityManager } from '@showstream/platform';
import type { Channel } from '../channels/channel.ts';

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
  const rows = await query<{ id: string }>(
    tx,
    `insert into notification_queue (id, user_id, template_id, template_type, channel, origin, variables, next_attempt_at, scheduled_at)
     select gen_random_uuid(), u.id, t.id, t.template_type, t.channel, ? || ':' || u.id, ?::jsonb, coalesce(?::timestamptz, now()), coalesce(?::timestamptz, now())
     from unnest(?::uuid[]) as u(id) cross join notification_templates t
     where t.template_type = ? and t.is_active and (?::text[] is null or t.channel = any(?::text[]))
     on conflict (origin, channel) do nothing
     returning id`,
    [
      origin,
      JSON.stringify(request.variables),
      request.scheduledAt,
      request.scheduledAt,
      userIds,
      request.kind,
      request.channels,
      request.channels,
    ],
  );
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
    const rows = await query<{ id: string }>(
      tx,
      `insert into notification_queue (id, template_id, template_type, channel, origin, recipient_contact, variables, next_attempt_at, scheduled_at)
       select gen_random_uuid(), t.id, t.template_type, t.channel, ?, ?, ?::jsonb, coalesce(?::timestamptz, now()), coalesce(?::timestamptz, now())
       from notification_templates t where t.template_type = ? and t.is_active and t.channel = ?
       on conflict (origin, channel) do nothing
       returning id`,
      [
        origin,
        address,
        JSON.stringify(request.variables),
        request.scheduledAt,
        request.scheduledAt,
        request.kind,
        channel,
      ],
    );
    queued += rows.length;
  }
  return queued;
}
