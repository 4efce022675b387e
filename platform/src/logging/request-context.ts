import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** What travels with one request or one consumed event, so logs and emitted events carry its ids. */
export interface RequestScope {
  requestId: string;
  /** SQL statements run on behalf of this request; reported per operation to catch N+1 queries. */
  sqlQueries?: number;
}

const storage = new AsyncLocalStorage<RequestScope>();

export const REQUEST_ID_HEADER = 'x-request-id';

export function runInRequestScope<T>(scope: RequestScope, fn: () => T): T {
  return storage.run(scope, fn);
}

export function currentRequestScope(): RequestScope | undefined {
  return storage.getStore();
}

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{8,128}$/;

/** Keeps a caller's request id when it is well formed (so a trace can span systems), else makes a new one. */
export function acceptRequestId(candidate: string | string[] | undefined): string {
  return typeof candidate === 'string' && REQUEST_ID_PATTERN.test(candidate) ? candidate : randomUUID();
}
