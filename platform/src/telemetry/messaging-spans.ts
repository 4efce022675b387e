import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';
import type { EventEnvelope, Topic } from '@showstream/contracts';
import type { OutgoingEvent } from '../events/event-bus.ts';
import {
  ATTR_MESSAGING_CONSUMER_GROUP_NAME,
  ATTR_MESSAGING_DESTINATION_NAME,
  ATTR_MESSAGING_MESSAGE_ID,
  ATTR_MESSAGING_OPERATION_NAME,
  ATTR_MESSAGING_OPERATION_TYPE,
  ATTR_MESSAGING_SYSTEM,
} from './semconv.ts';
import { contextFromHeaders, traceContextHeaders, tracer } from './tracing.ts';

/**
 * Spans of the event bus, the same for Kafka and the in-process bus. An event carries two trace
 * contexts: its envelope's `traceparent` (where it was created, kept in the outbox row and on the
 * topic for good) and the message's headers (the producer span that sent it). A consumer continues
 * from the headers, or from the envelope when the headers are gone (a replayed dead letter), so
 * the request that caused an event, the publish and every reaction share one trace.
 */

/** W3C trace context travelling beside one message (Kafka record headers; the in-process queue). */
export type MessageHeaders = Record<string, string>;

export interface Delivery {
  system: string;
  topic: Topic;
  groupId: string;
  envelope: EventEnvelope;
  headers?: MessageHeaders;
  /** Transport-specific attributes, e.g. Kafka's partition and offset. */
  attributes?: Attributes;
}

function eventAttributes(system: string, topic: Topic, envelope: EventEnvelope): Attributes {
  return {
    [ATTR_MESSAGING_SYSTEM]: system,
    [ATTR_MESSAGING_DESTINATION_NAME]: topic,
    [ATTR_MESSAGING_MESSAGE_ID]: envelope.id,
    'showstream.event.type': envelope.type,
  };
}

function envelopeTraceContext(envelope: EventEnvelope): MessageHeaders {
  return {
    ...(envelope.traceparent ? { traceparent: envelope.traceparent } : {}),
    ...(envelope.tracestate ? { tracestate: envelope.tracestate } : {}),
  };
}

function recordFailure(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}

/**
 * Sends `events` inside one PRODUCER span each, a child of the context the event was created in
 * (a new trace when it was created outside one, e.g. by a sweeper). `send` gets, per event in
 * order, the headers that carry its producer span to consumers.
 */
export async function tracePublish(
  system: string,
  events: OutgoingEvent[],
  send: (headers: MessageHeaders[]) => Promise<void>,
): Promise<void> {
  const spans = events.map(({ topic, envelope }) =>
    tracer.startSpan(
      `send ${topic}`,
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          ...eventAttributes(system, topic, envelope),
          [ATTR_MESSAGING_OPERATION_TYPE]: 'send',
          [ATTR_MESSAGING_OPERATION_NAME]: 'send',
        },
      },
      contextFromHeaders(envelopeTraceContext(envelope)),
    ),
  );
  try {
    await send(spans.map((span) => traceContextHeaders(trace.setSpan(ROOT_CONTEXT, span))));
  } catch (error) {
    for (const span of spans) recordFailure(span, error);
    throw error;
  } finally {
    for (const span of spans) span.end();
  }
}

/** Runs one attempt at handling a delivered event inside a CONSUMER span that continues the event's trace; events it emits continue it too. */
export function traceConsume(delivery: Delivery, handle: () => Promise<void>): Promise<void> {
  const { system, topic, groupId, envelope, headers } = delivery;
  const parent = contextFromHeaders(headers?.traceparent ? headers : envelopeTraceContext(envelope));
  const attributes: Attributes = {
    ...eventAttributes(system, topic, envelope),
    [ATTR_MESSAGING_OPERATION_TYPE]: 'process',
    [ATTR_MESSAGING_OPERATION_NAME]: 'process',
    [ATTR_MESSAGING_CONSUMER_GROUP_NAME]: groupId,
    ...delivery.attributes,
  };
  return tracer.startActiveSpan(`process ${topic}`, { kind: SpanKind.CONSUMER, attributes }, parent, async (span) => {
    try {
      await handle();
    } catch (error) {
      recordFailure(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}
