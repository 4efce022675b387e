import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadRouterProtectionsConfig } from '../index.ts';

describe('router protections configuration', () => {
  it('is strict in production and open in development unless set either way', () => {
    const production = { NODE_ENV: 'production', ROUTER_SECRET: 'a-production-secret' };
    expect(loadRouterProtectionsConfig(production)).toMatchObject({
      TRUSTED_OPERATIONS: 'enforce',
      INTROSPECTION: 'admins',
    });
    expect(loadRouterProtectionsConfig({})).toMatchObject({ TRUSTED_OPERATIONS: 'off', INTROSPECTION: 'everyone' });
    expect(
      loadRouterProtectionsConfig({ ...production, TRUSTED_OPERATIONS: 'off', INTROSPECTION: 'everyone' }),
    ).toMatchObject({ TRUSTED_OPERATIONS: 'off', INTROSPECTION: 'everyone' });
    expect(loadRouterProtectionsConfig({ TRUSTED_OPERATIONS: 'enforce' })).toMatchObject({
      TRUSTED_OPERATIONS: 'enforce',
      INTROSPECTION: 'everyone',
    });
  });

  it('reads budgets as points per seconds, with production defaults', () => {
    const config = loadRouterProtectionsConfig({ RATE_LIMIT_AUTH: '5/300' });
    expect(config.RATE_LIMIT_AUTH).toEqual({ points: 5, durationSeconds: 300 });
    expect(config.RATE_LIMIT_REQUESTS).toEqual({ points: 600, durationSeconds: 60 });
    expect(() => loadRouterProtectionsConfig({ RATE_LIMIT_PAYMENTS: '10 per minute' })).toThrow(ConfigError);
    expect(() => loadRouterProtectionsConfig({ RATE_LIMIT_PAYMENTS: '0/60' })).toThrow(/RATE_LIMIT_PAYMENTS/);
  });
});
