import type { Request, Response, NextFunction } from 'express';
import { ErrorCode } from '../errors/errors.ts';

/** A GraphQL-shaped error body for requests that fail before GraphQL runs. */
export function sendGraphQLError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

/** Turns body-parser failures (invalid JSON, oversized body) into clear GraphQL errors instead of HTML pages. */
export function bodyErrorHandler(error: unknown, _req: Request, res: Response, next: NextFunction): void {
  const type = (error as { type?: string }).type;
  if (type === 'entity.too.large')
    return sendGraphQLError(res, 413, ErrorCode.PAYLOAD_TOO_LARGE, 'The request body is too large.');
  if (type === 'entity.parse.failed')
    return sendGraphQLError(res, 400, 'BAD_REQUEST', 'The request body is not valid JSON.');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return sendGraphQLError(res, 415, 'BAD_REQUEST', 'The request body encoding is not supported.');
  }
  next(error);
}
