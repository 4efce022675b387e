import { createHash } from 'node:crypto';
import type { DocumentNode, ExecutionResult, GraphQLSchema } from 'graphql';
import { print } from 'graphql';
import type { WebSocket } from 'ws';
import type { Logger, PubSub } from '@showstream/platform';
import type { GatewayFetch } from './gateway-fetch.ts';
import { LiveGroup, type GroupMember } from './live-group.ts';
import type { LiveFieldDeclaration } from '@showstream/contracts';
import { liveMetrics } from './live-metrics.ts';

export interface LiveSubscription {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName: string | undefined;
  variables: Record<string, unknown>;
  fieldName: string;
  source: LiveFieldDeclaration;
  channel: string;
  role: string;
  socket: WebSocket;
  id: string;
  accessToken?: string;
}

/**
 * This router process's live subscriptions, grouped by operation, variables and viewer role.
 * A group subscribes to its pub/sub channel when its first member joins and unsubscribes when
 * the last leaves; the pub/sub itself shares one connection and one channel subscription.
 */
export class LiveHub {
  readonly #groups = new Map<string, Promise<LiveGroup>>();
  readonly #unsubscribers = new Map<string, () => Promise<void>>();

  readonly #pubsub: PubSub;
  readonly #fetch: GatewayFetch;
  readonly #logger: Logger;

  constructor(pubsub: PubSub, fetch: GatewayFetch, logger: Logger) {
    this.#pubsub = pubsub;
    this.#fetch = fetch;
    this.#logger = logger;
  }

  /** The channel is part of the key: per-viewer fields (notificationReceived) share an operation but not a channel. */
  static groupKey(
    subscription: Pick<LiveSubscription, 'document' | 'operationName' | 'variables' | 'role' | 'channel'>,
  ): string {
    return createHash('sha256')
      .update(print(subscription.document))
      .update(
        `\0${subscription.operationName ?? ''}\0${JSON.stringify(subscription.variables)}\0${subscription.role}\0${subscription.channel}`,
      )
      .digest('base64url');
  }

  /** Adds a member to its group and returns the iterator graphql-ws holds; frames bypass it and go straight to the socket. */
  async join(subscription: LiveSubscription): Promise<AsyncIterableIterator<ExecutionResult>> {
    const key = LiveHub.groupKey(subscription);
    let pending = this.#groups.get(key);
    if (!pending) {
      pending = this.#createGroup(key, subscription);
      this.#groups.set(key, pending);
      liveMetrics.groups.inc();
    }
    const group = await pending;
    const member: GroupMember = {
      socket: subscription.socket,
      id: subscription.id,
      ...(subscription.accessToken ? { accessToken: subscription.accessToken } : {}),
    };
    group.members.add(member);
    liveMetrics.subscribers.inc();

    let finish: ((result: IteratorResult<ExecutionResult>) => void) | undefined;
    const done = { done: true, value: undefined } as const;
    const leave = async () => {
      if (!group.members.delete(member)) return;
      liveMetrics.subscribers.dec();
      finish?.(done);
      if (group.members.size === 0 && this.#groups.get(key) === pending) {
        this.#groups.delete(key);
        liveMetrics.groups.dec();
        await this.#unsubscribers.get(key)?.();
        this.#unsubscribers.delete(key);
      }
    };
    return {
      next: () => new Promise((resolve) => (finish = resolve)),
      return: async () => {
        await leave();
        return done;
      },
      throw: async (error) => {
        await leave();
        throw error;
      },
      [Symbol.asyncIterator]() {
        return this as AsyncIterableIterator<ExecutionResult>;
      },
    };
  }

  async #createGroup(key: string, subscription: LiveSubscription): Promise<LiveGroup> {
    const { schema, document, operationName, variables, fieldName, source } = subscription;
    const group = new LiveGroup({
      key,
      schema,
      document,
      operationName,
      variables,
      fieldName,
      source,
      fetch: this.#fetch,
      logger: this.#logger,
    });
    this.#unsubscribers.set(
      key,
      await this.#pubsub.subscribe(subscription.channel, (message) => group.accept(message)),
    );
    return group;
  }
}
