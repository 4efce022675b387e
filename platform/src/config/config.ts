import { z } from 'zod';

/**
 * Settings every ShowStream process reads from its environment. Services extend this
 * with their own keys; a process refuses to start on an invalid value instead of
 * failing later with a confusing error.
 */
export const baseConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOST: z.string().default('127.0.0.1'),
  /** Ports are derived from one base so a second stack (tests, benchmarks) can run beside the first. */
  PORT_BASE: z.coerce.number().int().min(1024).max(65000).default(4000),
  /** Metrics have a listener of their own, never a public one (http/metrics-server.ts). */
  METRICS_HOST: z.string().default('127.0.0.1'),
  /** One process's metrics port; unset, each service derives its own from PORT_BASE (config/ports.ts). */
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /** Server URL without a database name; each subgraph uses its own database on it. */
  POSTGRES_URL: z.url().optional(),
  DB_NAME_PREFIX: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/)
    .default('showstream_'),
  REDIS_URL: z.url().optional(),
  /** Comma-separated host:port list; unset means the in-process bus of the embedded default. */
  KAFKA_BROKERS: z.string().optional(),
  KAFKA_CLIENT_ID: z.string().default('showstream'),
  /** Shared by router and subgraphs so that only the router can query a subgraph (empty, as compose passes an unset one, is unset). */
  ROUTER_SECRET: z.preprocess((value) => (value === '' ? undefined : value), z.string().min(16).optional()),
  JWT_ISSUER: z.string().default('showstream-users'),
  JWT_AUDIENCE: z.string().default('showstream'),
  /** Where subgraphs and the router fetch the users subgraph's signing keys. */
  USERS_JWKS_URL: z.url().optional(),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().positive().default(10_000),
  /**
   * Namespaces every rate-limit counter and the token revocations in Redis, so deployments (or test
   * stacks) sharing one Redis never share budgets or see each other's revocations.
   */
  RATE_LIMIT_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]+$/)
    .default('showstream'),
});

export type BaseConfig = z.infer<typeof baseConfigSchema>;

export class ConfigError extends Error {}

/** Parses `env` against the base schema extended with `extension`; throws one readable error listing every bad key. */
export function loadConfig<E extends z.ZodRawShape = {}>(
  extension?: E,
  env: NodeJS.ProcessEnv = process.env,
): BaseConfig & z.infer<z.ZodObject<E>> {
  const schema = extension ? baseConfigSchema.extend(extension) : baseConfigSchema;
  const result = schema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  }
  const config = result.data as BaseConfig & z.infer<z.ZodObject<E>>;
  // Without its own secret anyone who can reach a subgraph could pose as the router (and read `_entities`).
  requireProductionSecrets(config, {
    ROUTER_SECRET: {
      value: config.ROUTER_SECRET,
      published: [DEVELOPMENT_ROUTER_SECRET, PUBLISHED_ROUTER_SECRET_PLACEHOLDER],
      hint: 'the same for the router and every subgraph (e.g. `openssl rand -hex 32`)',
    },
  });
  return config;
}

/** The development secret is public on purpose: it only keeps honest mistakes out, production must set its own. */
export const DEVELOPMENT_ROUTER_SECRET = 'showstream-development-router-secret';
/** What docker-compose.yml once filled in when ROUTER_SECRET was unset: public, so refused in production. */
const PUBLISHED_ROUTER_SECRET_PLACEHOLDER = 'change-me-to-a-long-random-secret';

/**
 * In production, each of `secrets` must be set, and to none of the values this repository publishes
 * (development defaults, compose placeholders, test fixtures): with one of those anyone could sign
 * webhooks or pose as the router. Throws one ConfigError naming every variable at fault.
 */
export function requireProductionSecrets(
  config: Pick<BaseConfig, 'NODE_ENV'>,
  secrets: Record<string, { value: string | undefined; published?: readonly string[]; hint?: string }>,
): void {
  if (config.NODE_ENV !== 'production') return;
  const problems = Object.entries(secrets).flatMap(([name, { value, published = [], hint }]) => {
    const fault = !value
      ? 'is not set'
      : published.includes(value)
        ? 'is a published value, which anyone can use'
        : undefined;
    return fault ? [`  ${name}: ${fault}; production needs a secret of its own${hint ? `, ${hint}` : ''}`] : [];
  });
  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
}

/** The header that carries it: the router's calls to subgraphs, and subgraphs' internal calls to each other. */
export const ROUTER_SECRET_HEADER = 'x-router-secret';

export function routerSecret(config: Pick<BaseConfig, 'ROUTER_SECRET'>): string {
  return config.ROUTER_SECRET ?? DEVELOPMENT_ROUTER_SECRET;
}
