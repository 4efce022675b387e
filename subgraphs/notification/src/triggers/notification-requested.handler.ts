import type { TopicEnvelope } from '@showstream/contracts';
import type { EntityManager, Logger } from '@showstream/platform';
import { queueForUsers } from '../deliveries/queue.ts';

/**
 * Queues a NotificationRequested on every channel its kind has an active template for, in the
 * consumer's inbox transaction; the event id is the origin, so even a copy of the event under a
 * new transport delivery queues nothing twice. Who receives what (preferences, addresses) is
 * decided when each delivery is sent, from the contacts as they are then.
 */
export async function queueRequested(
  envelope: TopicEnvelope<'notification-events'>,
  tx: EntityManager,
  logger: Logger,
): Promise<void> {
  const { data } = envelope;
  const queued = await queueForUsers(tx, `event:${envelope.id}`, [data.userId], {
    kind: data.kind,
    channels: null,
    variables: data.variables,
    scheduledAt: null,
  });
  if (queued === 0)
    logger.warn(
      { eventId: envelope.id, kind: data.kind },
      'notification requested for a kind with no active template, or already queued',
    );
}
