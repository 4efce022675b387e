import {
  BrokenCircuitError,
  ConsecutiveBreaker,
  TimeoutStrategy,
  circuitBreaker,
  handleAll,
  timeout,
  wrap,
  type IPolicy,
} from 'cockatiel';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { RouteParameters } from 'express-serve-static-core';
import { z } from 'zod';
import { ROUTER_SECRET_HEADER, routerSecret, type BaseConfig } from '../config/config.ts';
import { subgraphUrl, type SubgraphName } from '../config/ports.ts';
import type { Logger } from '../logging/logger.ts';
import { currentRequestScope, REQUEST_ID_HEADER } from '../logging/request-context.ts';
import { traceContextHeaders } from '../telemetry/tracing.ts';

/**
 * The internal API: how a service asks the owner of a fact for it directly, instead of waiting for
 * the fact's event to reach its own projection (a consumer can be seconds or minutes behind).
 *
 * Plain HTTP JSON under a versioned prefix on the owner's own port, behind the same secret the
 * router presents. Not a GraphQL field: every field of a subgraph's schema is composed into the
 * supergraph and would have to be hidden (`@inaccessible`) and authorised on every path the router
 * can plan, while the router only ever sends GraphQL operations to `/graphql`; it has no way to
 * reach `/internal/…`, so no client can, whatever the supergraph says. A new version gets a new
 * prefix (`/internal/v2`), so owner and asker can be deployed in either order.
 */
export const INTERNAL_API_PREFIX = '/internal/v1';

/** Settings of a service that asks another over the internal API (in its config shape). */
export const internalCallConfigShape = {
  /** One internal call's timeout: short, a person waits behind it. */
  INTERNAL_CALL_TIMEOUT_MS: z.coerce.number().int().min(50).max(30_000).default(2_000),
  /** Consecutive failed calls to one owner that open its circuit breaker, and when it tries again. */
  INTERNAL_BREAKER_THRESHOLD: z.coerce.number().int().min(1).max(100).default(5),
  INTERNAL_BREAKER_HALF_OPEN_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
};
type InternalCallConfig = Pick<BaseConfig, 'PORT_BASE' | 'ROUTER_SECRET'> &
  z.infer<z.ZodObject<typeof internalCallConfigShape>>;

/** The owner could not answer (unreachable, timed out, failing, or its breaker is open): nothing is known. */
export class InternalCallError extends Error {
  constructor(owner: SubgraphName, path: string, options: { cause: unknown }) {
    super(`internal call to ${owner} ${path} failed`, options);
  }
}

/**
 * The client side: GET a fact from its owner. 404 means the owner does not know it (undefined);
 * anything else but 200 is a failure. Each call has a timeout; the owner's circuit breaker (one per
 * client, so one per owner and process) opens after consecutive failures, so a failing owner is not
 * waited on by every request. No retries: the asker answers its caller instead, who may try again.
 */
export class InternalClient {
  readonly #owner: SubgraphName;
  readonly #base: string;
  readonly #secret: string;
  readonly #policy: IPolicy;
  readonly #logger: Logger;

  constructor(config: InternalCallConfig, owner: SubgraphName, logger: Logger) {
    this.#owner = owner;
    this.#base = new URL(INTERNAL_API_PREFIX, subgraphUrl(config, owner)).href;
    this.#secret = routerSecret(config);
    this.#logger = logger.child({ component: `internal-client:${owner}` });
    const breaker = circuitBreaker(handleAll, {
      breaker: new ConsecutiveBreaker(config.INTERNAL_BREAKER_THRESHOLD),
      halfOpenAfter: config.INTERNAL_BREAKER_HALF_OPEN_MS,
    });
    this.#policy = wrap(breaker, timeout(config.INTERNAL_CALL_TIMEOUT_MS, TimeoutStrategy.Aggressive));
  }

  async get<T>(path: string): Promise<T | undefined> {
    try {
      return await this.#policy.execute(async ({ signal }) => {
        const requestId = currentRequestScope()?.requestId;
        const response = await fetch(`${this.#base}${path}`, {
          signal,
          headers: {
            accept: 'application/json',
            [ROUTER_SECRET_HEADER]: this.#secret,
            ...(requestId ? { [REQUEST_ID_HEADER]: requestId } : {}),
            ...traceContextHeaders(),
          },
        });
        if (response.status === 404) return undefined;
        if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
        return (await response.json()) as T;
      });
    } catch (error) {
      this.#logger.warn({ err: error, path, circuitOpen: error instanceof BrokenCircuitError }, 'internal call failed');
      throw new InternalCallError(this.#owner, path, { cause: error });
    }
  }
}

/** A route's handler, given its path's parameters by name: the JSON body to answer with, or undefined for 404. */
export type InternalHandler<Path extends string = string> = (params: RouteParameters<Path>) => Promise<unknown>;

/** The owner's side: the routes a subgraph answers under INTERNAL_API_PREFIX, e.g. `{ '/holds/:lockId': … }`. */
export type InternalRoutes = Record<string, (params: Record<string, string>) => Promise<unknown>>;

/** Declares an owner's routes, each handler typed by its own path (`'/holds/:lockId'` gives `{ lockId: string }`). */
export function internalRoutes<Paths extends string>(routes: {
  [Path in Paths]: InternalHandler<Path>;
}): InternalRoutes {
  // Express hands every handler the parameters of the path it is registered under, which one record type cannot say.
  return routes as unknown as InternalRoutes;
}

/**
 * Serves `routes` as GET endpoints answering JSON. Mounted by the subgraph server behind the
 * router-secret check; a failure is a bare 500 (logged here), never a stack trace.
 */
export function internalRouter(routes: InternalRoutes, logger: Logger): Router {
  const router = express.Router();
  for (const [path, handler] of Object.entries(routes)) {
    router.get(path, async (req: Request, res: Response) => {
      const body = await handler(req.params as Record<string, string>);
      if (body === undefined) res.status(404).json({ error: 'NOT_FOUND' });
      else res.json(body);
    });
  }
  router.use((_req: Request, res: Response) => void res.status(404).json({ error: 'NOT_FOUND' }));
  router.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    logger.error({ err: error, path: req.path }, 'internal API request failed');
    res.status(500).json({ error: 'INTERNAL' });
  });
  return router;
}
