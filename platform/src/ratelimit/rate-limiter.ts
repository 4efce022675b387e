import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { BaseConfig } from '../config/config.ts';
import { ClientError, ErrorCode } from '../errors/errors.ts';
import type { Lifecycle } from '../http/lifecycle.ts';
import type { Logger } from '../logging/logger.ts';

export interface RateLimitOptions {
  /** Namespaces the counters, e.g. `analytics:track`; two limiters with one prefix share counters. */
  keyPrefix: string;
  /** How many points a key may consume per window. */
  points: number;
  durationSeconds: number;
  /** What the refusal says is limited, e.g. "tracked events". */
  what?: string;
  /**
   * While Redis cannot be reached: `memory` (the default) counts in this process's memory with the
   * same budget, so an outage neither blocks nor unlimits callers (though each process counts
   * apart); `allow` lets every call through, with a warning in the log — for broad limits whose
   * purpose does not justify the memory and whose failure should not refuse anyone.
   */
  whenRedisDown?: 'memory' | 'allow';
}

export interface RateLimitDeps {
  config: Pick<BaseConfig, 'REDIS_URL'> & Partial<Pick<BaseConfig, 'RATE_LIMIT_KEY_PREFIX'>>;
  lifecycle: Lifecycle;
  logger?: Logger;
}

/** How long a freshly started process waits for its first Redis connection before counting without it. */
const FIRST_CONNECTION_WAIT_MS = 2_000;
/** Fail-open warnings repeat at most this often per limiter, so an outage does not flood the log. */
const WARNING_INTERVAL_MS = 30_000;

/** A fixed-window limiter on a {@link RateLimitStore}. */
export class RateLimiter {
  readonly #limiter: RateLimiterAbstract;
  readonly #options: RateLimitOptions;
  readonly #ready: Promise<void>;
  readonly #logger: Logger | undefined;
  #warnedAt = 0;

  constructor(
    limiter: RateLimiterAbstract,
    options: RateLimitOptions,
    ready: Promise<void> = Promise.resolve(),
    logger?: Logger,
  ) {
    this.#limiter = limiter;
    this.#options = options;
    this.#ready = ready;
    this.#logger = logger;
  }

  /** Spends `points` for `key`; throws RATE_LIMITED with `retryAfterSeconds` when the window is used up. */
  async consume(key: string, points = 1): Promise<void> {
    await this.#ready;
    try {
      await this.#limiter.consume(key, points);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes)
        throw rateLimited(this.#options.what ?? 'requests', rejection.msBeforeNext);
      // Only a limiter without a memory fallback gets here, and only when Redis failed.
      if (this.#options.whenRedisDown !== 'allow') throw rejection;
      if (Date.now() - this.#warnedAt > WARNING_INTERVAL_MS) {
        this.#warnedAt = Date.now();
        this.#logger?.warn(
          { err: rejection, limiter: this.#options.keyPrefix },
          'rate limiter cannot reach Redis; letting calls through',
        );
      }
    }
  }
}

export function rateLimited(what: string, msBeforeNext: number): ClientError {
  const retryAfterSeconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new ClientError(ErrorCode.RATE_LIMITED, `Too many ${what}; try again in ${retryAfterSeconds} s.`, {
    retryAfterSeconds,
  });
}

/**
 * Where rate-limit counters live: Redis when `config.REDIS_URL` is set (every instance counts
 * together, over one connection for all of a process's limiters, closed on shutdown), in process
 * memory otherwise (the embedded default). Keys start with RATE_LIMIT_KEY_PREFIX.
 */
export class RateLimitStore {
  readonly #redis: Redis | undefined;
  readonly #ready: Promise<void>;
  readonly #namespace: string | undefined;
  readonly #logger: Logger | undefined;

  constructor(deps: RateLimitDeps) {
    this.#namespace = deps.config.RATE_LIMIT_KEY_PREFIX;
    this.#logger = deps.logger;
    if (!deps.config.REDIS_URL) {
      this.#ready = Promise.resolve();
      return;
    }
    // No offline queue: while Redis is away a call fails at once and the fallback answers, instead of
    // every request waiting for the next reconnect attempt. Only the first connection is waited for.
    const redis = new Redis(deps.config.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    // ioredis reconnects on its own; without a listener an 'error' event would crash the process.
    redis.on('error', () => undefined);
    this.#redis = redis;
    this.#ready = new Promise<void>((resolve) => {
      redis.once('ready', resolve);
      setTimeout(resolve, FIRST_CONNECTION_WAIT_MS).unref();
    });
    deps.lifecycle.onShutdown('rate limits', async () => {
      await redis.quit().catch(() => redis.disconnect());
    });
  }

  limiter(options: RateLimitOptions): RateLimiter {
    const settings = {
      keyPrefix: this.#namespace ? `${this.#namespace}:${options.keyPrefix}` : options.keyPrefix,
      points: options.points,
      duration: options.durationSeconds,
    };
    if (!this.#redis) return new RateLimiter(new RateLimiterMemory(settings), options);
    const insurance = options.whenRedisDown === 'allow' ? {} : { insuranceLimiter: new RateLimiterMemory(settings) };
    return new RateLimiter(
      new RateLimiterRedis({ ...settings, storeClient: this.#redis, ...insurance }),
      options,
      this.#ready,
      this.#logger,
    );
  }
}

/** One limiter on a store of its own (see {@link RateLimitStore}); a process with several limiters should share one store. */
export function createRateLimiter(deps: RateLimitDeps, options: RateLimitOptions): RateLimiter {
  return new RateLimitStore(deps).limiter(options);
}
