import { EventEmitter, once } from 'node:events';
import { Redis } from 'ioredis';
import type { Logger } from '../logging/logger.ts';

/**
 * "Access tokens of `userId` with a token version below `tokenVersion` are void." Kept until
 * `expiresAt` (ms since the epoch), by when every token it voids has expired anyway.
 */
export interface TokenRevocation {
  userId: string;
  tokenVersion: number;
  expiresAt: number;
}

export type RevocationListener = (revocation: TokenRevocation) => void;

/**
 * Where the users subgraph puts token revocations and every router finds them: a sorted set in
 * Redis (what a router loads when it starts or reconnects) and a channel (what it hears at once),
 * or their in-process twin for the embedded default, where the users subgraph and the router share
 * one process. Nothing is read per request: a router keeps what it hears in memory.
 */
export interface TokenRevocationStore {
  readonly kind: 'redis' | 'in-process';
  /** Records and announces `revocations`; rejects while Redis cannot be reached, so the caller keeps them and retries. */
  publish(revocations: readonly TokenRevocation[]): Promise<void>;
  /**
   * Calls `listener` with every revocation in force, again after each reconnection (what was
   * announced meanwhile), and with each one announced. Resolves after the first load, or after a
   * short wait while Redis is away (the load happens when it is back).
   */
  watch(listener: RevocationListener): Promise<void>;
  /** Calls `listener` each time the store's connection (re)opens: Redis may have lost what was recorded. */
  onConnected(listener: () => void): void;
  close(): Promise<void>;
}

const isRevocation = (value: unknown): value is TokenRevocation => {
  const candidate = value as Partial<TokenRevocation> | null;
  return (
    typeof candidate?.userId === 'string' &&
    Number.isSafeInteger(candidate.tokenVersion) &&
    Number.isFinite(candidate.expiresAt)
  );
};

/** The embedded default's store: the users subgraph and the router share this object through the infrastructure. */
export class InProcessTokenRevocations implements TokenRevocationStore {
  readonly kind = 'in-process';
  readonly #revocations = new Map<string, TokenRevocation>();
  readonly #announced = new EventEmitter().setMaxListeners(0);

  async publish(revocations: readonly TokenRevocation[]): Promise<void> {
    const now = Date.now();
    for (const [member, revocation] of this.#revocations)
      if (revocation.expiresAt <= now) this.#revocations.delete(member);
    for (const revocation of revocations) {
      this.#revocations.set(`${revocation.userId}:${revocation.tokenVersion}`, revocation);
      this.#announced.emit('revocation', revocation);
    }
  }

  async watch(listener: RevocationListener): Promise<void> {
    const now = Date.now();
    for (const revocation of this.#revocations.values()) if (revocation.expiresAt > now) listener(revocation);
    this.#announced.on('revocation', listener);
  }

  onConnected(listener: () => void): void {
    listener();
  }

  async close(): Promise<void> {
    this.#announced.removeAllListeners();
  }
}

/** Reconnects at most a second apart, as the pub/sub does, so a router is current within a second of Redis coming back. */
const reconnectDelayMs = (attempt: number) => Math.min(attempt * 100, 1_000);
/** How long a fresh connection is waited for before giving up on this call (start-up: serve, and load once Redis is there). */
const CONNECT_WAIT_MS = 2_000;
const RELOAD_RETRY_MS = 1_000;

/**
 * Redis: `<namespace>:token-revocations` is both a sorted set (member `<userId>:<version>`, score
 * its expiry, expired members removed on each write) and the channel each write is announced on.
 * The namespace (RATE_LIMIT_KEY_PREFIX) keeps deployments and test stacks sharing one Redis apart.
 * Connections open on first use, so services that never touch revocations hold none.
 */
export class RedisTokenRevocations implements TokenRevocationStore {
  readonly kind = 'redis';
  readonly #url: string;
  readonly #key: string;
  readonly #log: Logger;
  #commands: Redis | undefined;
  #subscriber: Redis | undefined;

  constructor(url: string, namespace: string, logger: Logger) {
    this.#url = url;
    this.#key = `${namespace}:token-revocations`;
    this.#log = logger.child({ component: 'token-revocations' });
  }

  async publish(revocations: readonly TokenRevocation[]): Promise<void> {
    if (revocations.length === 0) return;
    const redis = await this.#ready(this.#connection());
    const members = revocations.flatMap((revocation) => [
      revocation.expiresAt,
      `${revocation.userId}:${revocation.tokenVersion}`,
    ]);
    const results = await redis
      .multi()
      .zadd(this.#key, ...members)
      .zremrangebyscore(this.#key, '-inf', Date.now())
      .publish(this.#key, JSON.stringify(revocations))
      .exec();
    const failed = results?.find(([error]) => error);
    if (!results || failed) throw failed?.[0] ?? new Error('token revocations were not recorded');
  }

  async watch(listener: RevocationListener): Promise<void> {
    const subscriber = new Redis(this.#url, {
      retryStrategy: reconnectDelayMs,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      autoResubscribe: false,
    });
    this.#subscriber = subscriber;
    this.#quietErrors(subscriber, 'subscriber');
    subscriber.on('message', (_channel: string, message: string) => {
      try {
        const announced: unknown = JSON.parse(message);
        if (Array.isArray(announced)) announced.filter(isRevocation).forEach(listener);
      } catch (error) {
        this.#log.warn({ err: error }, 'ignored a malformed token revocation message');
      }
    });
    let firstLoad: (() => void) | undefined;
    const loaded = new Promise<void>((resolve) => {
      firstLoad = resolve;
      setTimeout(resolve, CONNECT_WAIT_MS).unref();
    });
    // Subscribed first, loaded second: whatever is written between the two is heard, so nothing falls in a gap.
    subscriber.on('ready', () => {
      void (async () => {
        try {
          await subscriber.subscribe(this.#key);
        } catch (error) {
          this.#log.warn({ err: error }, 'could not subscribe to token revocations; retrying on the next connection');
          return;
        }
        while (subscriber.status === 'ready') {
          try {
            const redis = await this.#ready(this.#connection());
            const members = await redis.zrangebyscore(this.#key, Date.now(), '+inf', 'WITHSCORES');
            // WITHSCORES answers member, score, member, score, …
            for (const [member, score] of pairs(members)) {
              const separator = member.lastIndexOf(':');
              const revocation = {
                userId: member.slice(0, separator),
                tokenVersion: Number(member.slice(separator + 1)),
                expiresAt: Number(score),
              };
              if (isRevocation(revocation)) listener(revocation);
            }
            firstLoad?.();
            return;
          } catch (error) {
            this.#log.warn({ err: error }, 'could not load token revocations; retrying');
            await new Promise((resolve) => setTimeout(resolve, RELOAD_RETRY_MS).unref());
          }
        }
      })();
    });
    await loaded;
  }

  onConnected(listener: () => void): void {
    const redis = this.#connection();
    redis.on('ready', listener);
    if (redis.status === 'ready') listener();
  }

  async close(): Promise<void> {
    await Promise.allSettled(
      [this.#commands, this.#subscriber].flatMap((redis) =>
        redis ? [redis.quit().catch(() => redis.disconnect())] : [],
      ),
    );
  }

  #connection(): Redis {
    if (!this.#commands) {
      // No offline queue: a write while Redis is away fails at once, and its caller keeps it for the next attempt.
      this.#commands = new Redis(this.#url, {
        retryStrategy: reconnectDelayMs,
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
      });
      this.#quietErrors(this.#commands, 'commands');
    }
    return this.#commands;
  }

  /** Waits (briefly) for a connection that is still opening; a call on one that is down fails as Redis would. */
  async #ready(redis: Redis): Promise<Redis> {
    if (redis.status === 'connecting' || redis.status === 'connect' || redis.status === 'wait') {
      await once(redis, 'ready', { signal: AbortSignal.timeout(CONNECT_WAIT_MS) }).catch(() => undefined);
    }
    return redis;
  }

  /** ioredis reports every failed reconnect; log the first of an outage, and never crash on the 'error' event. */
  #quietErrors(redis: Redis, connection: string): void {
    let down = false;
    redis.on('error', (error) => {
      if (!down) this.#log.warn({ err: error, connection }, 'redis connection lost; reconnecting');
      down = true;
    });
    redis.on('ready', () => {
      down = false;
    });
  }
}

/** [a, 1, b, 2] → [a, 1], [b, 2]: a flat Redis reply as its pairs. */
function* pairs(flat: string[]): Generator<[string, string]> {
  for (let i = 0; i + 1 < flat.length; i += 2) yield [flat[i] ?? '', flat[i + 1] ?? ''];
}
