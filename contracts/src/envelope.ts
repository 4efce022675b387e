import { z } from 'zod';
import { eventSchema, type EventData, type EventType, type Topic } from './topics.ts';

/** The one shape every event has on every topic (DESIGN.md, "Events"); `data` is the event type's own. */
const envelopeSchema = z.object({
  id: z.uuid(),
  type: z.string(),
  version: z.number().int(),
  occurredAt: z.iso.datetime({ offset: true }),
  source: z.string(),
  /** Partition key: the topic's `key` (showId, bookingId, userId, actorId). */
  key: z.string(),
  /**
   * The id of the request that set this off (the client's `x-request-id`, passed along the whole
   * saga): consumers log under it and stamp it on what they emit. Events from sweepers get a new one.
   */
  traceId: z.string(),
  /** W3C trace context of the span the event was created in, which consumers continue; absent outside any span. */
  traceparent: z.string().optional(),
  tracestate: z.string().optional(),
  data: z.unknown(),
});

export type EventEnvelope<TData = unknown> = Omit<z.infer<typeof envelopeSchema>, 'data'> & { data: TData };

/** An envelope of one of a topic's event types: switching on `type` narrows `data` to that type's. */
export type TopicEnvelope<T extends Topic, E extends EventType<T> = EventType<T>> = {
  [K in E]: EventEnvelope<EventData<T, K>> & { type: K };
}[E];

/** An event that breaks its topic's contract: it is dead-lettered at once, since retrying cannot fix it. */
export class ContractViolation extends Error {
  override readonly name = 'ContractViolation';
}

/**
 * Reads a record of a topic as the contract says it must be: an envelope whose type is one of the
 * topic's, with data its schema accepts (and returns, without fields the contract does not know).
 */
export function parseEnvelope<T extends Topic>(topic: T, value: unknown): TopicEnvelope<T> {
  const envelope = envelopeSchema.safeParse(value);
  if (!envelope.success)
    throw new ContractViolation(`${topic}: not an event envelope: ${z.prettifyError(envelope.error)}`);
  const schema = eventSchema(topic, envelope.data.type);
  if (!schema) throw new ContractViolation(`${topic}: ${envelope.data.type} is not an event type of this topic`);
  const data = schema.safeParse(envelope.data.data);
  if (!data.success) throw new ContractViolation(`${topic} ${envelope.data.type}: ${z.prettifyError(data.error)}`);
  const parsed: EventEnvelope = { ...envelope.data, data: data.data };
  return parsed as TopicEnvelope<T>;
}
