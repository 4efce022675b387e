import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { testEnvironment } from '@showstream/testkit';
import { ClientError, Lifecycle, createLogger, createRateLimiter } from '../src/index.ts';

const lifecycle = new Lifecycle(createLogger('rate-limiter-test', 'silent'), 5_000);
afterAll(() => lifecycle.shutdown());

const refusal = async (attempt: Promise<void>) => {
  const error = await attempt.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ClientError);
  return (error as ClientError).extensions;
};

describe.each([
  ['in memory', undefined],
  ['on Redis', testEnvironment().redisUrl],
])('rate limiter %s', (_kind, redisUrl) => {
  it('allows `points` per window per key, then refuses with RATE_LIMITED and retryAfterSeconds', async () => {
    const limiter = createRateLimiter(
      { config: { REDIS_URL: redisUrl }, lifecycle },
      { keyPrefix: `test:${randomUUID()}`, points: 3, durationSeconds: 30, what: 'test calls' },
    );
    for (let call = 0; call < 3; call++) await limiter.consume('alice');
    const extensions = await refusal(limiter.consume('alice'));
    expect(extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
    expect(extensions.retryAfterSeconds as number).toBeGreaterThan(0);
    expect(extensions.retryAfterSeconds as number).toBeLessThanOrEqual(30);
    // Keys are counted apart.
    await expect(limiter.consume('bob')).resolves.toBeUndefined();
  });
});

it('shares counters between limiters on one Redis with one prefix (as between service instances)', async () => {
  const options = { keyPrefix: `test:${randomUUID()}`, points: 2, durationSeconds: 30 };
  const deps = { config: { REDIS_URL: testEnvironment().redisUrl }, lifecycle };
  const [first, second] = [createRateLimiter(deps, options), createRateLimiter(deps, options)];
  await first.consume('carol');
  await second.consume('carol');
  expect((await refusal(first.consume('carol'))).code).toBe('RATE_LIMITED');
  // Counted in Redis, not in either process's insurance limiter.
  const redis = new Redis(testEnvironment().redisUrl);
  try {
    expect(await redis.get(`${options.keyPrefix}:carol`)).toBe('3');
  } finally {
    redis.disconnect();
  }
});

describe('while Redis cannot be reached', () => {
  // Nothing listens on port 1: every Redis call fails at once.
  const deps = { config: { REDIS_URL: 'redis://127.0.0.1:1' }, lifecycle };
  const options = { keyPrefix: `test:${randomUUID()}`, points: 2, durationSeconds: 30 };

  it('counts in process memory with the same budget by default', async () => {
    const limiter = createRateLimiter(deps, options);
    await limiter.consume('dave');
    await limiter.consume('dave');
    expect((await refusal(limiter.consume('dave'))).code).toBe('RATE_LIMITED');
  });

  it("lets every call through with whenRedisDown: 'allow'", async () => {
    const limiter = createRateLimiter(deps, { ...options, whenRedisDown: 'allow' });
    for (let call = 0; call < 5; call++) await expect(limiter.consume('erin')).resolves.toBeUndefined();
  });
});

it('namespaces keys with RATE_LIMIT_KEY_PREFIX', async () => {
  const namespace = `ns-${randomUUID()}`;
  const limiter = createRateLimiter(
    { config: { REDIS_URL: testEnvironment().redisUrl, RATE_LIMIT_KEY_PREFIX: namespace }, lifecycle },
    { keyPrefix: 'test', points: 5, durationSeconds: 30 },
  );
  await limiter.consume('frank');
  const redis = new Redis(testEnvironment().redisUrl);
  try {
    expect(await redis.get(`${namespace}:test:frank`)).toBe('1');
  } finally {
    redis.disconnect();
  }
});
