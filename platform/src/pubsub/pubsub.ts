import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';
import type { Logger } from '../logging/logger.ts';

export type MessageListener = (message: string) => void;

/** Fan-in for live updates (seat maps, notifications): Redis in production, in-process for the embedded default. */
export interface PubSub {
  readonly kind: 'redis' | 'in-process';
  publish(channel: string, message: string): Promise<void>;
  /** Resolves once the subscription is active; the returned function unsubscribes this listener. */
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

/**
 * One publishing and one subscribing connection per process. A channel is SUBSCRIBEd when its first
 * local listener arrives and UNSUBSCRIBEd when its last one leaves, so a process only receives what
 * its own clients watch.
 */
export class RedisPubSub implements PubSub {
  readonly kind = 'redis';
  readonly #publisher: Redis;
  readonly #subscriber: Redis;
  readonly #listeners = new Map<string, Set<MessageListener>>();

  constructor(url: string, logger: Logger) {
    const log = logger.child({ component: 'redis-pubsub' });
    this.#publisher = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2 });
    // ioredis re-subscribes to every channel after a reconnect (autoResubscribe), so listeners survive a Redis restart.
    this.#subscriber = new Redis(url, { lazyConnect: false, autoResubscribe: true });
    for (const connection of [this.#publisher, this.#subscriber]) {
      connection.on('error', (error) => log.warn({ err: error }, 'redis connection error'));
    }
    this.#subscriber.on('message', (channel: string, message: string) => {
      for (const listener of this.#listeners.get(channel) ?? []) listener(message);
    });
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.#publisher.publish(channel, message);
  }

  async subscribe(channel: string, listener: MessageListener): Promise<() => Promise<void>> {
    let listeners = this.#listeners.get(channel);
    if (!listeners) {
      listeners = new Set();
      this.#listeners.set(channel, listeners);
      await this.#subscriber.subscribe(channel);
    }
    listeners.add(listener);
    return async () => {
      const current = this.#listeners.get(channel);
      if (!current?.delete(listener) || current.size > 0) return;
      this.#listeners.delete(channel);
      await this.#subscriber.unsubscribe(channel);
    };
  }

  async healthy(): Promise<boolean> {
    return this.#publisher.status === 'ready';
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.#publisher.quit(), this.#subscriber.quit()]);
  }
}
