import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { trace } from '@opentelemetry/api';
import type { EventEnvelope } from '@showstream/contracts';
import { InProcessEventBus, createEnvelope, createLogger, runInRequestScope } from '../src/index.ts';
import { waitFor } from '@showstream/testkit';

/**
 * Trace context inside one process: log lines and events take it from the active span, and the
 * bus carries it to consumers. Across processes and Kafka, e2e/test/tracing.test.ts follows it.
 */
const tracer = trace.getTracer('platform-test');

describe('log lines', () => {
  // In process rather than from the stack's log file: that file is rewritten by every run, and a
  // request logs nothing when all goes well. What puts the ids on a line is this logger's mixin;
  // that requests and consumed events have their span active while they run, the e2e trace shows.
  it('carry the active span’s trace and span ids beside the request id', async () => {
    const lines: Record<string, unknown>[] = [];
    const output = new PassThrough();
    output.on('data', (chunk: Buffer) =>
      lines.push(
        ...chunk
          .toString()
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as Record<string, unknown>),
      ),
    );
    const logger = createLogger('telemetry-test', 'info', output);

    const span = tracer.startActiveSpan('request', (active) => {
      runInRequestScope({ requestId: 'request-0001' }, () =>
        logger.child({ component: 'resolver' }).info('inside a request'),
      );
      active.end();
      return active.spanContext();
    });
    logger.info('outside any request');
    await waitFor(() => lines.length === 2, 2_000, 10);

    expect(lines[0]).toMatchObject({
      msg: 'inside a request',
      requestId: 'request-0001',
      trace_id: span.traceId,
      span_id: span.spanId,
    });
    expect(span.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(lines[1]!.trace_id).toBeUndefined();
  });
});

describe('events on the in-process bus', () => {
  it('continue the trace they were created in, and old events without trace context are still handled', async () => {
    const userId = randomUUID();
    const loggedIn = { type: 'UserLoggedIn', key: userId, data: { userId, method: 'PASSWORD' } };
    const bus = new InProcessEventBus(createLogger('telemetry-test', 'silent'));
    const seen: { envelope: EventEnvelope; traceId?: string; emitted: EventEnvelope }[] = [];
    await bus.consume({
      groupId: 'telemetry-test',
      topics: ['user-events'],
      handler: async (envelope) => {
        // What a handler emits continues the trace it runs in.
        seen.push({
          envelope,
          traceId: trace.getActiveSpan()?.spanContext().traceId,
          emitted: createEnvelope('test', loggedIn),
        });
      },
    });

    const { created, trace: traceId } = tracer.startActiveSpan('request', (span) =>
      runInRequestScope({ requestId: 'request-0002' }, () => {
        span.end();
        return { created: createEnvelope('test', loggedIn), trace: span.spanContext().traceId };
      }),
    );
    // As events were written before tracing: a request id, no trace context.
    const old: EventEnvelope = {
      id: randomUUID(),
      version: 1,
      occurredAt: new Date().toISOString(),
      source: 'before-tracing',
      traceId: randomUUID(),
      ...loggedIn,
    };
    await bus.publish([
      { topic: 'user-events', envelope: created },
      { topic: 'user-events', envelope: old },
    ]);
    await waitFor(() => seen.length === 2, 5_000, 10);

    expect(created).toMatchObject({
      traceId: 'request-0002',
      traceparent: expect.stringMatching(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`)),
    });
    const [traced, legacy] = seen;
    expect(traced!.traceId).toBe(traceId);
    expect(traced!.emitted.traceparent).toMatch(new RegExp(`^00-${traceId}-`));
    // An event without trace context is handled, in a trace of its own (its producer span's).
    expect(legacy!.envelope.source).toBe('before-tracing');
    expect(legacy!.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(legacy!.traceId).not.toBe(traceId);
    await bus.stop();
  });
});
