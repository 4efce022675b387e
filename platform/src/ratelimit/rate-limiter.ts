import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { BaseConfig } from '../config/config.ts';
import { ClientError, ErrorCode } from '../errors/errors.ts';
import type { Lifecycle } from '../http/lifecycle.ts';

export interface RateLimitOptions {
  /** Namespaces the counters, e.g. `analytics:track`; two limiters with one prefix share counters. */
  keyPrefix: string;
  /** How many points a key may consume per window. */
  points: number;
  durationSeconds: number;
  /** What the refusal says is limited, e.g. "tracked events". */
  what?: string;
}

/**
 * A fixed-window limiter: shared through Redis when REDIS_URL is set (every instance counts
 * together), in process memory otherwise (the embedded default). If Redis fails, a per-process
 * memory limiter with the same settings takes over, so an outage neither blocks nor unlimits callers.
 */
export class RateLimiter {
  readonly #limiter: RateLimiterAbstract;
  readonly #what: string;

  constructor(limiter: RateLimiterAbstract, what: string) {
    this.#limiter = limiter;
    this.#what = what;
  }

  /** Spends `points` for `key`; throws RATE_LIMITED with `retryAfterSeconds` when the window is used up. */
  async consume(key: string, points = 1): Promise<void> {
    try {
      await this.#limiter.consume(key, points);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      throw rateLimited(this.#what, rejection.msBeforeNext);
    }
  }
}

export function rateLimited(what: string, msBeforeNext: number): ClientError {
  const retryAfterSeconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new ClientError(ErrorCode.RATE_LIMITED, `Too many ${what}; try again in ${retryAfterSeconds} s.`, { retryAfterSeconds });
}

/** A limiter on Redis when `config.REDIS_URL` is set (with its own connection, closed on shutdown), in memory otherwise. */
export function createRateLimiter(deps: { config: Pick<BaseConfig, 'REDIS_URL'>; lifecycle: Lifecycle }, options: RateLimitOptions): RateLimiter {
  const settings = { keyPrefix: options.keyPrefix, points: options.points, duration: options.durationSeconds };
  const what = options.what ?? 'requests';
  if (!deps.config.REDIS_URL) return new RateLimiter(new RateLimiterMemory(settings), what);
  // A call made while connecting waits for the connection; while Redis is away it fails after one reconnect attempt and the insurance limiter answers.
  const redis = new Redis(deps.config.REDIS_URL, { maxRetriesPerRequest: 1 });
  // ioredis reconnects on its own; without a listener an 'error' event would crash the process.
  redis.on('error', () => undefined);
  deps.lifecycle.onShutdown(`rate limiter ${options.keyPrefix}`, async () => {
    await redis.quit().catch(() => redis.disconnect());
  });
  return new RateLimiter(new RateLimiterRedis({ ...settings, storeClient: redis, insuranceLimiter: new RateLimiterMemory(settings) }), what);
}
