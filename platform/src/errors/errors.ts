import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import type { Logger } from '../logging/logger.ts';

/** The stable codes clients may branch on (`extensions.code`). */
export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  RATE_LIMITED: 'RATE_LIMITED',
  /** A dependency (e.g. a payment gateway) is unavailable; the same request may be retried later. */
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  /** The router accepts only the published (persisted) operations from this caller, and this is not one of them. */
  OPERATION_NOT_ALLOWED: 'OPERATION_NOT_ALLOWED',
  /** A WebSocket connection already has as many subscriptions as one connection may hold. */
  TOO_MANY_SUBSCRIPTIONS: 'TOO_MANY_SUBSCRIPTIONS',
  /** A time zone that is not an IANA zone the service knows (e.g. `Asia/Kolkata`, `Europe/London`, `UTC`). */
  INVALID_TIME_ZONE: 'INVALID_TIME_ZONE',
  /** A local date-time that the clocks skip in that zone (the gap when they go forward for daylight saving). */
  NONEXISTENT_LOCAL_TIME: 'NONEXISTENT_LOCAL_TIME',
  /** A currency code that is not an active ISO 4217 currency (e.g. `XYZ`, `inr`, a withdrawn code); `field` names the input. */
  INVALID_CURRENCY: 'INVALID_CURRENCY',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  /** Door check-in: a QR payload that is not a ticket we signed (forged, tampered, garbled). */
  INVALID_TICKET: 'INVALID_TICKET',
  /** Door check-in: the ticket's admission has closed. */
  TICKET_EXPIRED: 'TICKET_EXPIRED',
  /** Door check-in: the ticket was cancelled, refunded or re-issued. */
  TICKET_VOID: 'TICKET_VOID',
  /** Door check-in: the ticket was already scanned in (`firstCheckIn` says when and where). */
  ALREADY_USED: 'ALREADY_USED',
  /** Door check-in: a ticket for another show than the door's. */
  WRONG_SHOW: 'WRONG_SHOW',
  /** Door check-in: too early; `opensAt` says when doors open for the show. */
  ADMISSION_NOT_OPEN: 'ADMISSION_NOT_OPEN',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** An error meant for the client: its message and code are safe to show. */
export class ClientError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
  }
}

export const unauthenticated = (message = 'Sign in to do this.') => new ClientError(ErrorCode.UNAUTHENTICATED, message);
export const forbidden = (message = 'You are not allowed to do this.') => new ClientError(ErrorCode.FORBIDDEN, message);
export const notFound = (what: string, id?: string) =>
  new ClientError(ErrorCode.NOT_FOUND, id ? `${what} ${id} was not found.` : `${what} was not found.`);
export const conflict = (message: string, extensions?: Record<string, unknown>) =>
  new ClientError(ErrorCode.CONFLICT, message, extensions);
/** `field` names the offending input so a form can highlight it. */
export const badInput = (message: string, field?: string) =>
  new ClientError(ErrorCode.BAD_USER_INPUT, message, field ? { field } : {});
export const serviceUnavailable = (message: string, retryAfterSeconds?: number) =>
  new ClientError(ErrorCode.SERVICE_UNAVAILABLE, message, retryAfterSeconds ? { retryAfterSeconds } : {});

/**
 * Codes Apollo Server and graphql-js assign themselves (parse and validation errors); they carry
 * no internals, so they pass through like our own.
 */
const SAFE_CODES = new Set<string>([
  ...Object.values(ErrorCode).filter((code) => code !== ErrorCode.INTERNAL_SERVER_ERROR),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/** Extensions our errors may carry for clients beside the code; everything else (stack traces, service names) is dropped. */
const CLIENT_EXTENSIONS = ['field', 'unavailableSeats', 'retryAfterSeconds', 'firstCheckIn', 'opensAt'] as const;

/**
 * A dependency's connection failed rather than the request: PostgreSQL connection exceptions
 * (class 08, except 08P01: a protocol violation is a malformed message from us, not an outage),
 * shutdown and start-up (57P01–57P03), too many connections (53300), or a socket refused, reset or
 * timed out. The same request may well succeed shortly.
 */
const UNAVAILABLE_CODES =
  /^(08(?!P01)[0-9A-Z]{3}|57P0[1-3]|53300|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENOTFOUND|EAI_AGAIN)$/;

/**
 * Text PostgreSQL cannot store, which only a client can have sent: a NUL byte (22021
 * character_not_in_repertoire), a character the encoding lacks or `\u0000` in jsonb (22P05), and a
 * lone surrogate escaped into jsonb (22P02, which also covers our own malformed input, hence the detail check).
 */
function isInvalidText(code: string, error: Error): boolean {
  if (code === '22021' || code === '22P05') return true;
  const detail = (error as { detail?: unknown }).detail;
  return (
    code === '22P02' &&
    /Unicode (high|low) surrogate/.test(`${error.message} ${typeof detail === 'string' ? detail : ''}`)
  );
}

/** What a failure says about its cause: a dependency unreachable, text a client sent that cannot be stored, or neither. */
function classify(error: unknown): 'unavailable' | 'invalid-text' | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    const code = (current as { code?: unknown }).code;
    if (
      (typeof code === 'string' && UNAVAILABLE_CODES.test(code)) ||
      current.message === 'Connection terminated unexpectedly'
    )
      return 'unavailable';
    if (typeof code === 'string' && isInvalidText(code, current)) return 'invalid-text';
  }
  return undefined;
}

/**
 * Apollo `formatError`: errors with a client-safe code keep message and code (and the named field); a
 * dependency that cannot be reached becomes SERVICE_UNAVAILABLE; text the database refuses as
 * unstorable becomes BAD_USER_INPUT (a client mistake, not an error-level line); anything else is logged whole and
 * reaches the client as a bare INTERNAL_SERVER_ERROR, so no stack trace, SQL or host name leaks.
 */
export function createErrorFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    // Only our own codes and Apollo's request-level ones pass; at the router they arrive from subgraphs already vetted.
    const safe = typeof code === 'string' && SAFE_CODES.has(code);
    if (safe) {
      const details = Object.fromEntries(
        CLIENT_EXTENSIONS.flatMap((key) =>
          formatted.extensions?.[key] === undefined ? [] : [[key, formatted.extensions[key]]],
        ),
      );
      return {
        message: formatted.message,
        ...(formatted.locations ? { locations: formatted.locations } : {}),
        ...(formatted.path ? { path: formatted.path } : {}),
        extensions: { code, ...details },
      };
    }
    const cause = unwrapResolverError(error);
    const kind = classify(cause);
    if (kind === 'invalid-text') {
      logger.info(
        { code: (cause as { code?: unknown }).code, path: formatted.path },
        'refused text the database cannot store',
      );
      return {
        message: 'Text must not contain NUL characters or unpaired surrogates.',
        ...(formatted.path ? { path: formatted.path } : {}),
        extensions: { code: ErrorCode.BAD_USER_INPUT },
      };
    }
    if (kind === 'unavailable') {
      logger.warn({ err: cause, path: formatted.path }, 'a dependency is unavailable');
      return {
        message: 'This service is temporarily unavailable; try again shortly.',
        ...(formatted.path ? { path: formatted.path } : {}),
        extensions: { code: ErrorCode.SERVICE_UNAVAILABLE },
      };
    }
    logger.error({ err: cause, path: formatted.path }, 'unexpected error while resolving');
    return {
      message: 'Internal server error',
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}
