import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { testEnvironment } from '@showstream/testkit';
import { ClientError, Lifecycle, createLogger, createRateLimiter } from '../src/index.ts';

const lifecycle = new Lifecycle(createLogger('rate-limiter-test', 'silent'), 5_000);
afterAll(() => lifecycle.shutdown());

const refusal = async (attempt: Promise<void>) => {
  const error = await attempt.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(ClientError);
  return (error as ClientError).extensions;
};

describe.each([
  ['in memory', undefined],
  ['on Redis', testEnvironment().redisUrl],
])('rate limiter %s', (_kind, redisUrl) => {
  it('allows `points` per window per key, then refuses with RATE_LIMITED and retryAfterSeconds', async () => {
    const limiter = createRateLimiter({ config: { REDIS_URL: redisUrl }, lifecycle }, { keyPrefix: `test:${randomUUID()}`, points: 3, durationSeconds: 30, what: 'test calls' });
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
