import { pino, type DestinationStream, type Logger } from 'pino';
import { currentRequestScope } from './request-context.ts';
import { activeTraceIds } from '../telemetry/tracing.ts';

export type { Logger };

/** Where each logger made here writes, so a logger for another service writes to the same place. */
const destinations = new WeakMap<Logger, DestinationStream>();

/**
 * One JSON logger per process; every line carries its `service` once, the request id of the
 * request or event being handled and the active span's `trace_id` and `span_id` (OpenTelemetry's
 * field names), so a log line leads to its trace and a trace to its log lines.
 */
export function createLogger(service: string, level: string, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
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
  const logger = destination ? pino(options, destination) : pino(options);
  if (destination) destinations.set(logger, destination);
  return logger;
}

/**
 * The same logger for another service of this process (the embedded default runs them all in one).
 * Not a pino child: child bindings are appended, so a line would carry two `service` keys.
 */
export function loggerForService(logger: Logger, service: string): Logger {
  return createLogger(service, logger.level, destinations.get(logger));
}
