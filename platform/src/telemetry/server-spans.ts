import type { NextFunction, Request, Response } from 'express';
import type { ApolloServerPlugin } from '@apollo/server';
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  context,
  createContextKey,
  trace,
  type Span,
} from '@opentelemetry/api';
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_URL_PATH,
} from '@opentelemetry/semantic-conventions';
import { currentRequestScope } from '../logging/request-context.ts';
import { ATTR_GRAPHQL_OPERATION_NAME, ATTR_GRAPHQL_OPERATION_TYPE } from './semconv.ts';
import { contextFromHeaders, tracer } from './tracing.ts';

/** Marks the span of the HTTP request being served, so the GraphQL plugin names that span and no other. */
const SERVER_SPAN = createContextKey('showstream.server-span');

export interface ServerSpanOptions {
  /**
   * Whether the caller's `traceparent` is trusted as the parent: yes for subgraphs, which only the
   * router can call; no at the public router, where a client could otherwise join our traces or
   * decide their sampling. An untrusted caller's trace is linked instead.
   */
  trustCallerContext: boolean;
}

/**
 * A SERVER span around each HTTP request the middleware sees, active while it is handled (so the
 * gateway's spans, subgraph fetches, SQL and emitted events nest under it). One GraphQL operation
 * is one HTTP request here (no batching), so `graphqlTracingPlugin` names it after the operation.
 */
export function serverSpans({ trustCallerContext }: ServerSpanOptions) {
  return (req: Request, res: Response, next: NextFunction) => {
    const caller = contextFromHeaders(req.headers);
    const callerSpan = trace.getSpanContext(caller);
    const route = req.baseUrl || req.path;
    const requestId = currentRequestScope()?.requestId;
    const span = tracer.startSpan(
      `${req.method} ${route}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          [ATTR_HTTP_REQUEST_METHOD]: req.method,
          [ATTR_HTTP_ROUTE]: route,
          [ATTR_URL_PATH]: req.originalUrl.split('?')[0],
          ...(requestId ? { 'showstream.request.id': requestId } : {}),
        },
        links: !trustCallerContext && callerSpan ? [{ context: callerSpan }] : [],
      },
      trustCallerContext ? caller : ROOT_CONTEXT,
    );
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    };
    res.once('finish', end);
    res.once('close', end);
    context.with(trace.setSpan(context.active(), span).setValue(SERVER_SPAN, span), next);
  };
}

/** Names the request's server span `<type> <operation>` with GraphQL's attributes, and marks it failed when the response has errors. */
export function graphqlTracingPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart({ request }) {
      // Operations run in-process (`executeOperation`, e.g. for live events) have no HTTP request and no server span of their own.
      const span = request.http ? (context.active().getValue(SERVER_SPAN) as Span | undefined) : undefined;
      if (!span) return;
      return {
        async didResolveOperation({ operationName, operation }) {
          if (!operation) return;
          span.updateName(operationName ? `${operation.operation} ${operationName}` : operation.operation);
          span.setAttribute(ATTR_GRAPHQL_OPERATION_TYPE, operation.operation);
          if (operationName) span.setAttribute(ATTR_GRAPHQL_OPERATION_NAME, operationName);
        },
        async willSendResponse({ errors }) {
          if (!errors?.length) return;
          const codes = [
            ...new Set(
              errors.map((error) =>
                typeof error.extensions?.code === 'string' ? error.extensions.code : 'INTERNAL_SERVER_ERROR',
              ),
            ),
          ];
          span.setStatus({ code: SpanStatusCode.ERROR, message: codes.join(', ') });
        },
      };
    },
  };
}
