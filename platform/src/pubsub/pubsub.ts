import { EventEmitter, once } from 'node:events';
import { Redis } from 'ioredis';
import type { Logger } from '../logging/logger.ts';

export type MessageListener = (message: string) => void;

/** Fan-in for live updates (seat maps, notifications): Redis in production, in-process for the embedded default. */
export interface PubSub {
  readonly kind: 'redis' | 'in-process';
  /**
   * Best-effort live delivery (PostgreSQL stays the truth): while the broker is away, messages are held
   * in order and sent when it is back.
   */
  publish(channel: string, message: string): Promise<void>;
  /**
   * Resolves once the subscription is active, or at once while the broker is away (the channel is
   * subscribed when it is back); the returned function unsubscribes this listener.
   */
  subscribe(channel: string, listener: MessageListener): Promise<() => Promise<void>>;
  healthy(): Promise<boolean>;
  close(): Promise<void>;
}

export class InProcessPubSub implements PubSub {
  readonly kind = 'in-process';
  readonly #emitter = new EventEmitter().setMaxListeners(0);

  async publish(channel: string, message: string): Promise<void> {
    this.#emitter.emit(channel, message);
  }

  async subscribe(channel: string, listener: MessageListener): Promise<() => Promise<void>> {
    this.#emitter.on(channel, listener);
    return async () => {
      this.#emitter.off(channel, listener);
    };
  }

  async healthy(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {
    this.#emitter.removeAllListeners();
  }
}

/** How soon a lost Redis connection tries again: at most a second apart, so subscribers are back within a second of Redis. */
const reconnectDelayMs = (attempt: number) => Math.min(attempt * 100, 1_000);
/**
 * After Redis returns, what was held waits this long before it goes out, so every subscribing process
 * (retrying at least once a second) has subscribed again first: Redis keeps no message for a channel nobody is on.
 */
const RESUBSCRIBE_GRACE_MS = 1_500;
/** Messages held while Redis is away, per process; past this the oldest go (subscribers see a gap in versions). */
const MAX_HELD_MESSAGES = 10_000;
/**
 * How long a subscribe waits for a connection that is not ready (starting, or reconnecting) before
 * leaving the channel to the reconnect; a failed connection attempt ends the wait sooner.
 */
const SUBSCRIBE_WAIT_MS = 1_000;

/**
 * One publishing and one subscribing connection per process. A channel is SUBSCRIBEd when its first
 * local listener arrives and UNSUBSCRIBEd when its last one leaves, so a process only receives what
 * its own clients watch.
 *
 * Redis going away is a pause, not a failure: publishes made meanwhile are held in order (bounded)
 * and sent once it is back, and every channel with local listeners is subscribed again on each
 * reconnect. So live subscriptions resume on their own and miss nothing, and a publisher (a relay
 * consuming Kafka) never fails its event over Redis, which would only retry it into a dead-letter topic.
 */
export class RedisPubSub implements PubSub {
  readonly kind = 'redis';
  readonly #publisher: Redis;
  readonly #subscriber: Redis;
  readonly #listeners = new Map<string, Set<MessageListener>>();
  readonly #log: Logger;
  #held: { channel: string; message: string }[] = [];
  #dropped = 0;
  /** The publisher was connected before: holding messages now means an outage, not start-up. */
  #publisherWasReady = false;
  #outage = false;
  #flushTimer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> | undefined;

  constructor(url: string, logger: Logger) {
    this.#log = logger.child({ component: 'redis-pubsub' });
    // No offline queue and one retry per command: a command fails fast while Redis is away, and this
    // class decides what happens (hold the message, subscribe again on reconnect) instead of ioredis.
    const options = { retryStrategy: reconnectDelayMs, enableOfflineQueue: false, maxRetriesPerRequest: 1 };
    this.#publisher = new Redis(url, options);
    this.#subscriber = new Redis(url, { ...options, autoResubscribe: false });
    for (const [role, connection] of [
      ['publisher', this.#publisher],
      ['subscriber', this.#subscriber],
    ] as const) {
      // ioredis reports every failed reconnect: log the first of an outage and the recovery, not each retry.
      let down = false;
      connection.on('error', (error) => {
        if (!down) this.#log.warn({ err: error, connection: role }, 'redis connection lost; reconnecting');
        down = true;
      });
      connection.on('ready', () => {
        if (down) this.#log.info({ connection: role }, 'redis connection restored');
        down = false;
      });
    }
    this.#subscriber.on('message', (channel: string, message: string) => {
      for (const listener of this.#listeners.get(channel) ?? []) listener(message);
    });
    // Each (re)connection starts with no subscriptions: take every channel someone here is watching.
    this.#subscriber.on('ready', () => {
      const channels = [...this.#listeners.keys()];
      if (channels.length === 0) return;
      this.#subscriber.subscribe(...channels).then(
        () => this.#log.debug({ channels: channels.length }, 'redis subscriptions taken'),
        (error: unknown) =>
          this.#log.warn({ err: error }, 'could not subscribe on redis; retrying on the next connection'),
      );
    });
    this.#publisher.on('ready', () => {
      // Held since start-up, nobody can have been subscribed before: no one to wait for.
      const grace = this.#publisherWasReady ? RESUBSCRIBE_GRACE_MS : 0;
      this.#publisherWasReady = true;
      if (this.#held.length === 0) return;
      clearTimeout(this.#flushTimer);
      this.#flushTimer = setTimeout(() => void this.#flush(), grace).unref();
    });
  }

  async publish(channel: string, message: string): Promise<void> {
    if (this.#held.length === 0 && this.#publisher.status === 'ready') {
      try {
        await this.#publisher.publish(channel, message);
        return;
      } catch (error) {
        // An error Redis answered with is real; a connection lost on the way is an outage like any other.
        if (this.#publisher.status === 'ready') throw error;
      }
    }
    this.#hold(channel, message);
  }

  #hold(channel: string, message: string): void {
    if (this.#publisherWasReady && !this.#outage) {
      this.#outage = true;
      this.#log.warn('redis unavailable; holding live messages until it is back');
    }
    this.#held.push({ channel, message });
    if (this.#held.length > MAX_HELD_MESSAGES) {
      this.#held.shift();
      this.#dropped++;
    }
  }

  /** Sends held messages in order; anything published meanwhile queues behind them, so order holds. */
  #flush(): Promise<void> {
    this.#flushing ??= (async () => {
      const count = this.#held.length;
      for (let next = this.#held[0]; next && this.#publisher.status === 'ready'; next = this.#held[0]) {
        try {
          await this.#publisher.publish(next.channel, next.message);
        } catch (error) {
          this.#log.warn({ err: error, held: this.#held.length }, 'redis lost again while sending held live messages');
          return;
        }
        this.#held.shift();
      }
      if (this.#held.length === 0 && this.#outage) {
        this.#log.info({ sent: count, dropped: this.#dropped }, 'redis is back; held live messages sent');
        this.#dropped = 0;
        this.#outage = false;
      }
    })().finally(() => {
      this.#flushing = undefined;
    });
    return this.#flushing;
  }

  async subscribe(channel: string, listener: MessageListener): Promise<() => Promise<void>> {
    let listeners = this.#listeners.get(channel);
    if (!listeners) {
      listeners = new Set();
      this.#listeners.set(channel, listeners);
      if (this.#subscriber.status !== 'ready')
        await once(this.#subscriber, 'ready', { signal: AbortSignal.timeout(SUBSCRIBE_WAIT_MS) }).catch(
          () => undefined,
        );
      // Still away: the 'ready' handler takes the channel when Redis is back, as it does one whose SUBSCRIBE a disconnect lost.
      if (this.#subscriber.status === 'ready') {
        await this.#subscriber
          .subscribe(channel)
          .catch((error: unknown) => this.#log.warn({ err: error, channel }, 'subscribe deferred until redis is back'));
      }
    }
    listeners.add(listener);
    return async () => {
      const current = this.#listeners.get(channel);
      if (!current?.delete(listener) || current.size > 0) return;
      this.#listeners.delete(channel);
      // A connection lost meanwhile took the subscription with it.
      if (this.#subscriber.status === 'ready') await this.#subscriber.unsubscribe(channel).catch(() => undefined);
    };
  }

  async healthy(): Promise<boolean> {
    return this.#publisher.status === 'ready' && this.#subscriber.status === 'ready';
  }

  async close(): Promise<void> {
    clearTimeout(this.#flushTimer);
    if (this.#held.length > 0) this.#log.warn({ held: this.#held.length }, 'closing with live messages still held');
    await Promise.allSettled([this.#publisher.quit(), this.#subscriber.quit()]);
  }
}
