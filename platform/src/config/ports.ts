import type { BaseConfig } from './config.ts';

/** Every service's port offset from PORT_BASE; the router takes the base itself. */
export const SERVICE_PORT_OFFSETS = {
  router: 0,
  users: 1,
  catalog: 2,
  inventory: 3,
  booking: 4,
  payment: 5,
  notification: 6,
  analytics: 7,
} as const;

export type ServiceName = keyof typeof SERVICE_PORT_OFFSETS;
export type SubgraphName = Exclude<ServiceName, 'router'>;

export function servicePort(config: Pick<BaseConfig, 'PORT_BASE'>, service: ServiceName): number {
  return config.PORT_BASE + SERVICE_PORT_OFFSETS[service];
}

/**
 * Beside the services: + 8 is the payment sandbox gateway (subgraphs/payment), + 9 the web front
 * end (web/server), which is not a service of the supergraph — the router neither knows nor needs it.
 */
export const WEB_PORT_OFFSET = 9;

export function webPort(config: Pick<BaseConfig, 'PORT_BASE'>): number {
  return config.PORT_BASE + WEB_PORT_OFFSET;
}

/**
 * Metrics listen 10 above their service (router + 10, users + 11, … analytics + 17, web + 19), so
 * they keep clear of the services, of a second router's block at + 50 and of the test sandboxes at
 * + 93 to + 98. The embedded default's one process serves every service's metrics on the router's.
 */
export const METRICS_PORT_OFFSET = 10;

export function metricsPort(
  config: Pick<BaseConfig, 'PORT_BASE' | 'METRICS_PORT'>,
  service: ServiceName | 'web',
): number {
  return (
    config.METRICS_PORT ?? (service === 'web' ? webPort(config) : servicePort(config, service)) + METRICS_PORT_OFFSET
  );
}

/**
 * The URL a subgraph is reached at: `SUBGRAPH_URL_<NAME>` when set (containers, other hosts),
 * else the loopback port derived from PORT_BASE.
 */
export function subgraphUrl(config: Pick<BaseConfig, 'PORT_BASE'>, name: SubgraphName, env = process.env): string {
  return env[`SUBGRAPH_URL_${name.toUpperCase()}`] ?? `http://127.0.0.1:${servicePort(config, name)}/graphql`;
}

export function usersJwksUrl(config: Pick<BaseConfig, 'PORT_BASE' | 'USERS_JWKS_URL'>): string {
  return config.USERS_JWKS_URL ?? `http://127.0.0.1:${servicePort(config, 'users')}/.well-known/jwks.json`;
}
