import { randomUUID } from 'node:crypto';
import { currentRequestScope } from '../logging/request-context.ts';
import { traceContextHeaders } from '../telemetry/tracing.ts';

/** The one shape every event has on every topic (DESIGN.md, "Events"). */
export interface EventEnvelope<TData = unknown> {
  id: string;
  type: string;
  version: number;
  occurredAt: string;
  source: string;
  /** Partition key: showId for inventory, bookingId for booking and payment, userId for users. */
  key: string;
  /**
   * The id of the request that set this off (the client's `x-request-id`, passed along the whole
   * saga): consumers log under it and stamp it on what they emit. Events from sweepers get a new one.
   */
  traceId: string;
  /**
   * W3C trace context of the span the event was created in (its OpenTelemetry trace), which
   * consumers continue. Absent on events created outside any span and on events from before
   * tracing; they are handled all the same.
   */
  traceparent?: string;
  tracestate?: string;
  data: TData;
}

export interface NewEvent<TData> {
  type: string;
  key: string;
  data: TData;
  version?: number;
}

/** Stamps an event with id, time, source, the current request id and trace context, so one request can be followed across services. */
export function createEnvelope<TData>(source: string, event: NewEvent<TData>): EventEnvelope<TData> {
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
