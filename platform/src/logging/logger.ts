import { pino, type DestinationStream, type Logger } from 'pino';
import { currentRequestScope } from './request-context.ts';
import { activeTraceIds } from '../telemetry/tracing.ts';

export type { Logger };

/**
 * One JSON logger per process; every line carries the request id of the request or event being
 * handled and the active span's `trace_id` and `span_id` (OpenTelemetry's field names), so a log
 * line leads to its trace and a trace to its log lines.
 */
export function createLogger(service: string, level: string, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    name: service,
    level,
    base: { service },
    mixin: () => {
      const scope = currentRequestScope();
      return { ...(scope ? { requestId: scope.requestId } : {}), ...activeTraceIds() };
    },
    redact: {
      paths: ['password', '*.password', 'refreshToken', '*.refreshToken', 'req.headers.authorization', 'authorization'],
      censor: '[redacted]',
    },
  };
  // Standard output unless told otherwise (a file, or a stream a test reads).
  return destination ? pino(options, destination) : pino(options);
}
