import { randomUUID } from 'node:crypto';
import {
  DiagLogLevel,
  ROOT_CONTEXT,
  context,
  diag,
  isSpanContextValid,
  propagation,
  trace,
  type Context,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator, getBooleanFromEnv, getNumberFromEnv, getStringFromEnv } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import {
  defaultResource,
  detectResources,
  resourceAttributesEnvDetector,
  resourceFromAttributes,
  serviceNameEnvDetector,
} from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  TracerProvider,
  type Sampler,
} from '@opentelemetry/sdk-trace';
import {
  ATTR_SERVICE_INSTANCE_ID,
  ATTR_SERVICE_NAME,
  ATTR_SERVICE_NAMESPACE,
} from '@opentelemetry/semantic-conventions';
import type { Logger } from 'pino';

/**
 * Tracing for every ShowStream process, set up when the platform is first imported.
 *
 * Why at import: @apollo/gateway takes its tracer when it is loaded, through its own copy of
 * @opentelemetry/api (1.9, at the repository root), whose tracer only ever delegates to a provider
 * registered before that moment. So the provider is registered here, before any service code
 * loads, and the process names itself later (`startTracing`): `service.name` is a resource
 * attribute that settles then, and the exporter waits for it. OTEL_SERVICE_NAME overrides the name.
 *
 * Spans are always recorded (so logs and events carry real trace ids, and a caller's trace
 * continues through us), but they leave the process only when OTEL_EXPORTER_OTLP_ENDPOINT or
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is set: batched, as OTLP over HTTP with JSON bodies.
 * OTEL_SDK_DISABLED=true turns all of it off.
 */
let nameService: (name: string) => void = () => undefined;
const serviceName = new Promise<string>((resolve) => {
  nameService = resolve;
});

/** New traces kept in production when no sampler is configured: enough to follow requests, without recording every one. */
const PRODUCTION_SAMPLE_RATIO = 0.1;

/**
 * The standard OTEL_TRACES_SAMPLER values. Unset, a caller's sampling decision is followed (so a trace
 * is kept whole or not at all) and new traces are all kept — one in ten (or OTEL_TRACES_SAMPLER_ARG)
 * under NODE_ENV=production, where recording every request costs more CPU than it tells.
 */
function samplerFromEnv(): Sampler {
  const ratio = getNumberFromEnv('OTEL_TRACES_SAMPLER_ARG') ?? 1;
  if (getStringFromEnv('OTEL_TRACES_SAMPLER') === undefined && process.env.NODE_ENV === 'production') {
    return new ParentBasedSampler({
      root: new TraceIdRatioBasedSampler(getNumberFromEnv('OTEL_TRACES_SAMPLER_ARG') ?? PRODUCTION_SAMPLE_RATIO),
    });
  }
  switch (getStringFromEnv('OTEL_TRACES_SAMPLER')) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratio);
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) });
    default:
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}

function createProvider(): TracerProvider {
  const exporting =
    getStringFromEnv('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT') ?? getStringFromEnv('OTEL_EXPORTER_OTLP_ENDPOINT');
  return new TracerProvider({
    // Environment first (OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES), then the name the process gives itself.
    resource: defaultResource()
      .merge(
        resourceFromAttributes({
          [ATTR_SERVICE_NAME]: serviceName,
          [ATTR_SERVICE_NAMESPACE]: 'showstream',
          [ATTR_SERVICE_INSTANCE_ID]: randomUUID(),
        }),
      )
      .merge(detectResources({ detectors: [resourceAttributesEnvDetector, serviceNameEnvDetector] })),
    sampler: samplerFromEnv(),
    // The exporter reads its endpoint, headers, timeout and compression from the OTEL_EXPORTER_OTLP_* variables itself.
    spanProcessors: exporting
      ? [
          new BatchSpanProcessor({
            exporter: new OTLPTraceExporter(),
            scheduledDelayMillis: getNumberFromEnv('OTEL_BSP_SCHEDULE_DELAY'),
            maxQueueSize: getNumberFromEnv('OTEL_BSP_MAX_QUEUE_SIZE'),
            maxExportBatchSize: getNumberFromEnv('OTEL_BSP_MAX_EXPORT_BATCH_SIZE'),
            exportTimeoutMillis: getNumberFromEnv('OTEL_BSP_EXPORT_TIMEOUT'),
          }),
        ]
      : [],
  });
}

const provider = getBooleanFromEnv('OTEL_SDK_DISABLED') ? undefined : createProvider();
if (provider) {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
}

/** The tracer of ShowStream's own spans (the gateway has its own). */
export const tracer = trace.getTracer('@showstream/platform');

let started = false;

/** Names this process's traces after the service it runs (once), and sends the SDK's own warnings (e.g. failed exports) to its log. */
export function startTracing(service: string, logger: Logger): void {
  if (started) return;
  started = true;
  nameService(service);
  const log = logger.child({ component: 'opentelemetry' });
  const write =
    (level: 'error' | 'warn') =>
    (message: string, ...args: unknown[]) =>
      log[level](args.length ? { details: args } : {}, message);
  diag.setLogger(
    {
      error: write('error'),
      warn: write('warn'),
      info: () => undefined,
      debug: () => undefined,
      verbose: () => undefined,
    },
    DiagLogLevel.WARN,
  );
}

/** Sends the spans still queued and closes the exporter; the last step of a graceful shutdown. */
export async function shutdownTracing(): Promise<void> {
  await provider?.shutdown();
}

/** The active span's ids, for log lines; nothing outside a trace. */
export function activeTraceIds(): { trace_id: string; span_id: string } | undefined {
  const span = trace.getSpanContext(context.active());
  return span && isSpanContextValid(span) ? { trace_id: span.traceId, span_id: span.spanId } : undefined;
}

/** The W3C trace context headers (`traceparent`, `tracestate`) of `from`, by default the active context; none outside a trace. */
export function traceContextHeaders(from: Context = context.active()): Record<string, string> {
  const headers: Record<string, string> = {};
  propagation.inject(from, headers);
  return headers;
}

/** The context a caller's W3C trace context headers describe (none: the root context). */
export function contextFromHeaders(headers: Record<string, string | string[] | undefined>): Context {
  return propagation.extract(ROOT_CONTEXT, headers);
}
