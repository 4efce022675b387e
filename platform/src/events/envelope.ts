import { randomUUID } from 'node:crypto';
import { currentRequestScope } from '../logging/request-context.ts';

/** The one shape every event has on every topic (DESIGN.md, "Events"). */
export interface EventEnvelope<TData = unknown> {
  id: string;
  type: string;
  version: number;
  occurredAt: string;
  source: string;
  /** Partition key: showId for inventory, bookingId for booking and payment, userId for users. */
  key: string;
  traceId: string;
  data: TData;
}

export interface NewEvent<TData> {
  type: string;
  key: string;
  data: TData;
  version?: number;
}

/** Stamps an event with id, time, source and the current request's id so one request can be followed across services. */
export function createEnvelope<TData>(source: string, event: NewEvent<TData>): EventEnvelope<TData> {
  return {
    id: randomUUID(),
    type: event.type,
    version: event.version ?? 1,
    occurredAt: new Date().toISOString(),
    source,
    key: event.key,
    traceId: currentRequestScope()?.requestId ?? randomUUID(),
    data: event.data,
  };
}
