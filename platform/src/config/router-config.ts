import { z } from 'zod';
import { loadConfig } from './config.ts';

/** "<points>/<seconds>": how many a caller may spend per window, e.g. `600/60`. */
const budget = z
  .string()
  .regex(/^\d+\/\d+$/, 'expected "<points>/<seconds>", e.g. 600/60')
  .transform((value) => {
    const [points, seconds] = value.split('/').map(Number) as [number, number];
    return { points, durationSeconds: seconds };
  })
  .refine((value) => value.points >= 1 && value.durationSeconds >= 1, 'points and seconds must be at least 1');

const count = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

/**
 * The router's protections. Production defaults are what a public deployment needs; the
 * trusted-operation and introspection modes default by NODE_ENV (strict in production, open in
 * development and test) but can be set either way explicitly.
 */
export const routerProtectionsConfigShape = {
  /** `enforce`: callers below ADMIN may run only operations of the persisted-operation manifest. */
  TRUSTED_OPERATIONS: z.enum(['enforce', 'off']).optional(),
  /** The manifest (Apollo's persisted-query manifest format); client-ops' generated one by default. */
  TRUSTED_OPERATIONS_MANIFEST: z.string().optional(),
  /** `admins`: only ADMIN and up may introspect (the explorer); `everyone` for development. */
  INTROSPECTION: z.enum(['admins', 'everyone']).optional(),
  /**
   * Document limits for every caller, admins included: high enough for the explorer's
   * introspection query and every client-ops operation (measured in router/src/protections/query-limits.test.ts).
   */
  QUERY_MAX_DEPTH: count(10),
  QUERY_MAX_ALIASES: count(15),
  QUERY_MAX_DIRECTIVES: count(20),
  QUERY_MAX_TOKENS: count(1_000),
  QUERY_MAX_COST: count(20_000),
  /** Every request (and WebSocket subscribe), per user when signed in, per client address otherwise. */
  RATE_LIMIT_REQUESTS: budget.prefault('600/60'),
  /** `login`, `register` and `loginWithProvider` fields, counted per field. */
  RATE_LIMIT_AUTH: budget.prefault('10/60'),
  /** `lockSeats` fields. */
  RATE_LIMIT_SEAT_LOCKS: budget.prefault('30/60'),
  /** `initiatePayment`, `confirmPayment` and `refundPayment` fields. */
  RATE_LIMIT_PAYMENTS: budget.prefault('10/60'),
  /**
   * How many reverse proxies in front of the router append to X-Forwarded-For; 0 (the default)
   * ignores the header, since any client can send it.
   */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: count(20),
  WS_MAX_CONNECTIONS_PER_USER: count(10),
  /** Every socket from one client address, signed in or not (many people can share an address). */
  WS_MAX_CONNECTIONS_PER_IP: count(100),
  /**
   * How long the router waits for a subgraph before failing its fields (SERVICE_UNAVAILABLE), so a
   * hung subgraph cannot hold requests open. Above payment's own gateway retries (3 × 10 s + backoff).
   */
  SUBGRAPH_TIMEOUT_MS: count(60_000),
};

export function loadRouterProtectionsConfig(env: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(routerProtectionsConfigShape, env);
  const production = config.NODE_ENV === 'production';
  return {
    ...config,
    TRUSTED_OPERATIONS: config.TRUSTED_OPERATIONS ?? (production ? 'enforce' : 'off'),
    INTROSPECTION: config.INTROSPECTION ?? (production ? 'admins' : 'everyone'),
  } as const;
}

export type RouterProtectionsConfig = ReturnType<typeof loadRouterProtectionsConfig>;
