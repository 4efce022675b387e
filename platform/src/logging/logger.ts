import { pino, type Logger } from 'pino';
import { currentRequestScope } from './request-context.ts';

export type { Logger };

/** One JSON logger per process; every line carries the request id of the request or event being handled. */
export function createLogger(service: string, level: string): Logger {
  return pino({
    name: service,
    level,
    base: { service },
    mixin: () => {
      const scope = currentRequestScope();
      return scope ? { requestId: scope.requestId } : {};
    },
    redact: {
      paths: ['password', '*.password', 'refreshToken', '*.refreshToken', 'req.headers.authorization', 'authorization'],
      censor: '[redacted]',
    },
  });
}
