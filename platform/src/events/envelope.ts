import { randomUUID } from 'node:crypto';
import type { EventEnvelope, Topic, TopicEvent } from '@showstream/contracts';
import { currentRequestScope } from '../logging/request-context.ts';
import { traceContextHeaders } from '../telemetry/tracing.ts';

/** A new event of a topic: one of the topic's event types with that type's data, and its record key. */
export type NewEvent<T extends Topic> = TopicEvent<T> & { key: string; version?: number };

/**
 * Stamps an event with id, time, source, the current request id and trace context, so one request can
 * be followed across services. Producers go through `Outbox.add`, which takes only a topic's own events.
 */
export function createEnvelope(
  source: string,
  event: { type: string; key: string; data: unknown; version?: number },
): EventEnvelope {
  const { traceparent, tracestate } = traceContextHeaders();
  return {
    id: randomUUID(),
    type: event.type,
    version: event.version ?? 1,
    occurredAt: new Date().toISOString(),
    source,
    key: event.key,
    traceId: currentRequestScope()?.requestId ?? randomUUID(),
    ...(traceparent ? { traceparent } : {}),
    ...(tracestate ? { tracestate } : {}),
    data: event.data,
  };
}
