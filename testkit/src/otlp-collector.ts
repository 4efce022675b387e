import { createServer, type IncomingMessage, type Server } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { TEST_PORT_BASE } from './stack.ts';

/** Beside the OIDC (+95), Stripe (+96), SMTP (+97) and messaging (+98) sandboxes. */
export const OTLP_COLLECTOR_PORT = TEST_PORT_BASE + 94;
export const OTLP_COLLECTOR_URL = `http://127.0.0.1:${OTLP_COLLECTOR_PORT}`;

/** Spans kept, newest last; enough for a whole test run to find what its requests produced. */
const MAX_SPANS = 100_000;

const SPAN_KINDS = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'] as const;

/** One span as a collector received it, flattened from OTLP's resource → scope → span nesting. */
export interface ReceivedSpan {
  /** The resource's `service.name`: which process sent it. */
  service: string;
  scope: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: (typeof SPAN_KINDS)[number];
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: Record<string, unknown>;
  links: { traceId: string; spanId: string }[];
  status: { code: number; message?: string };
}

export interface OtlpCollector {
  url: string;
  server: Server;
  close(): void;
}

type KeyValue = { key: string; value?: AnyValue };
type AnyValue = {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | string;
  doubleValue?: number;
  bytesValue?: string;
  arrayValue?: { values?: AnyValue[] };
  kvlistValue?: { values?: KeyValue[] };
};

/** OTLP/JSON's AnyValue to a plain value (64-bit integers may arrive as strings). */
function plain(value: AnyValue | undefined): unknown {
  if (!value) return undefined;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.bytesValue !== undefined) return value.bytesValue;
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(plain);
  if (value.kvlistValue) return attributes(value.kvlistValue.values);
  return undefined;
}

const attributes = (list: KeyValue[] | undefined) =>
  Object.fromEntries((list ?? []).map(({ key, value }) => [key, plain(value)]));

interface ExportTraceServiceRequest {
  resourceSpans?: {
    resource?: { attributes?: KeyValue[] };
    scopeSpans?: {
      scope?: { name?: string };
      spans?: {
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        kind?: number;
        startTimeUnixNano: string;
        endTimeUnixNano: string;
        attributes?: KeyValue[];
        links?: { traceId: string; spanId: string }[];
        status?: { code?: number; message?: string };
      }[];
    }[];
  }[];
}

function flatten(request: ExportTraceServiceRequest): ReceivedSpan[] {
  return (request.resourceSpans ?? []).flatMap((resourceSpans) => {
    const name = attributes(resourceSpans.resource?.attributes)['service.name'];
    const service = typeof name === 'string' ? name : 'unknown_service';
    return (resourceSpans.scopeSpans ?? []).flatMap((scopeSpans) =>
      (scopeSpans.spans ?? []).map((span) => ({
        service,
        scope: scopeSpans.scope?.name ?? '',
        traceId: span.traceId,
        spanId: span.spanId,
        ...(span.parentSpanId ? { parentSpanId: span.parentSpanId } : {}),
        name: span.name,
        kind: SPAN_KINDS[span.kind ?? 0] ?? 'UNSPECIFIED',
        startTimeUnixNano: span.startTimeUnixNano,
        endTimeUnixNano: span.endTimeUnixNano,
        attributes: attributes(span.attributes),
        links: (span.links ?? []).map(({ traceId, spanId }) => ({ traceId, spanId })),
        status: { code: span.status?.code ?? 0, ...(span.status?.message ? { message: span.status.message } : {}) },
      })),
    );
  });
}

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  return req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
}

/**
 * A local OpenTelemetry collector for the test stack: OTLP/HTTP's trace endpoint (`POST
 * /v1/traces`) with the JSON encoding that @opentelemetry/exporter-trace-otlp-http sends (gzip
 * allowed; protobuf is refused with 415, as the exporter never sends it), answering
 * ExportTraceServiceResponse. Received spans are kept; `GET /__sandbox/spans?traceId=…` or
 * `?attribute=<key>&value=<value>` is for tests.
 */
export async function startOtlpCollector(port = OTLP_COLLECTOR_PORT): Promise<OtlpCollector> {
  const spans: ReceivedSpan[] = [];
  const server = createServer((req, res) => {
    const answer = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    const url = new URL(req.url ?? '/', 'http://collector');
    if (req.method === 'GET' && url.pathname === '/__sandbox/spans') {
      const traceId = url.searchParams.get('traceId');
      const attribute = url.searchParams.get('attribute');
      const value = url.searchParams.get('value');
      return answer(200, {
        spans: spans.filter(
          (span) =>
            (!traceId || span.traceId === traceId) && (!attribute || String(span.attributes[attribute]) === value),
        ),
      });
    }
    if (url.pathname !== '/v1/traces') return answer(404, { code: 5, message: `No route for ${url.pathname}` });
    if (req.method !== 'POST') return answer(405, { code: 12, message: 'Only POST is supported' });
    // OTLP/HTTP errors are google.rpc.Status messages.
    if (!req.headers['content-type']?.startsWith('application/json'))
      return answer(415, { code: 3, message: 'This collector accepts OTLP/JSON only' });
    body(req)
      .then((raw) => {
        spans.push(...flatten(JSON.parse(raw.toString('utf8')) as ExportTraceServiceRequest));
        if (spans.length > MAX_SPANS) spans.splice(0, spans.length - MAX_SPANS);
        answer(200, {});
      })
      .catch((error: Error) =>
        answer(400, { code: 3, message: `Malformed ExportTraceServiceRequest: ${error.message}` }),
      );
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

/** Spans the collector received for one trace, or carrying one attribute value (tests run in other processes than the collector, so they ask over HTTP). */
export async function receivedSpans(
  filter: { traceId: string } | { attribute: string; value: string },
): Promise<ReceivedSpan[]> {
  const response = await fetch(`${OTLP_COLLECTOR_URL}/__sandbox/spans?${new URLSearchParams(filter).toString()}`);
  return ((await response.json()) as { spans: ReceivedSpan[] }).spans;
}
