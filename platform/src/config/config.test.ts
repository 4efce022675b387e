import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { ConfigError, loadConfig, roleAtLeast, subgraphUrl } from '../index.ts';

describe('configuration', () => {
  it('applies defaults and extensions', () => {
    const config = loadConfig({ EXTRA: z.coerce.number().default(3) }, {});
    expect(config).toMatchObject({ NODE_ENV: 'development', PORT_BASE: 4000, DB_NAME_PREFIX: 'showstream_', EXTRA: 3 });
  });

  it('lists every invalid key in one error', () => {
    expect(() => loadConfig(undefined, { PORT_BASE: 'abc', POSTGRES_URL: 'nope' })).toThrow(
      /PORT_BASE[\s\S]*POSTGRES_URL/,
    );
  });

  it('requires a router secret in production', () => {
    expect(() => loadConfig(undefined, { NODE_ENV: 'production' })).toThrow(ConfigError);
  });

  it('refuses an empty or the public development router secret in production, and says what to do', () => {
    expect(() => loadConfig(undefined, { NODE_ENV: 'production', ROUTER_SECRET: '' })).toThrow(
      /ROUTER_SECRET: is not set; production needs a secret of its own/,
    );
    expect(() =>
      loadConfig(undefined, { NODE_ENV: 'production', ROUTER_SECRET: 'showstream-development-router-secret' }),
    ).toThrow(/ROUTER_SECRET: is a published value, which anyone can use; production needs a secret of its own/);
    expect(loadConfig(undefined, { NODE_ENV: 'production', ROUTER_SECRET: 'a-production-secret' }).ROUTER_SECRET).toBe(
      'a-production-secret',
    );
    // Outside production the public value stands in for a missing one.
    expect(loadConfig(undefined, { ROUTER_SECRET: '' }).ROUTER_SECRET).toBeUndefined();
  });

  it('derives subgraph URLs from the port base unless overridden', () => {
    expect(subgraphUrl({ PORT_BASE: 4100 }, 'users', {})).toBe('http://127.0.0.1:4101/graphql');
    expect(subgraphUrl({ PORT_BASE: 4100 }, 'users', { SUBGRAPH_URL_USERS: 'http://users:4001/graphql' })).toBe(
      'http://users:4001/graphql',
    );
  });
});

describe('roles', () => {
  it('orders USER < ADMIN < SUPER_ADMIN', () => {
    expect(roleAtLeast('SUPER_ADMIN', 'ADMIN')).toBe(true);
    expect(roleAtLeast('ADMIN', 'ADMIN')).toBe(true);
    expect(roleAtLeast('USER', 'ADMIN')).toBe(false);
    expect(roleAtLeast('ADMIN', 'SUPER_ADMIN')).toBe(false);
  });
});
