import WebSocket from 'ws';
import { createClient, type Client } from 'graphql-ws';
import { testEnvironment, waitFor } from './stack.ts';

export interface LiveSubscriber<T> {
  messages: T[];
  /** Resolves when `predicate` holds for some message (or rejects after `timeoutMs`). */
  waitFor(predicate: (message: T) => boolean, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

/** Subscribes over graphql-ws through the router, as a browser would, and records every `next` payload's data. */
export async function subscribe<T = Record<string, any>>(
  query: string,
  variables: Record<string, unknown>,
  options: { token?: string } = {},
): Promise<LiveSubscriber<T>> {
  const messages: T[] = [];
  const errors: unknown[] = [];
  const client: Client = createClient({
    url: testEnvironment().routerUrl.replace('http', 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: options.token ? { authorization: `Bearer ${options.token}` } : {},
    retryAttempts: 0,
  });
  let acknowledged = false;
  client.on('connected', () => {
    acknowledged = true;
  });
  client.subscribe<T>(
    { query, variables },
    {
      next: (result) => {
        if (result.errors) errors.push(result.errors);
        if (result.data) messages.push(result.data as T);
      },
      error: (error) => errors.push(error),
      complete: () => undefined,
    },
  );
  await waitFor(() => acknowledged, 5_000, 20);
  // The router subscribes its channel while handling `subscribe`; give that a moment before the test acts.
  await new Promise((resolve) => setTimeout(resolve, 200));
  return {
    messages,
    async waitFor(predicate, timeoutMs = 15_000) {
      await waitFor(
        () => {
          if (errors.length > 0) throw new Error(`subscription failed: ${JSON.stringify(errors)}`);
          return messages.some(predicate);
        },
        timeoutMs,
        20,
      );
      return messages.find(predicate)!;
    },
    close: () => client.dispose() as Promise<void>,
  };
}

export interface LiveSocket {
  /** The code the socket closed with; undefined while it is open. */
  closeCode(): number | undefined;
  close(): Promise<void>;
}

/**
 * Opens a graphql-ws connection to `url` (a router's HTTP GraphQL URL) signed in with `token` and
 * runs `subscription` on it, for tests about the connection itself: whether it is refused, and when
 * and how the router closes it. Rejects when the router refuses the connection.
 */
export async function openLiveSocket(url: string, token: string, subscription: string): Promise<LiveSocket> {
  let closeCode: number | undefined;
  let acknowledged = false;
  const client: Client = createClient({
    url: url.replace('http', 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    on: {
      connected: () => {
        acknowledged = true;
      },
      closed: (event) => {
        closeCode = (event as { code: number }).code;
      },
    },
  });
  client.subscribe(
    { query: subscription },
    { next: () => undefined, error: () => undefined, complete: () => undefined },
  );
  await waitFor(() => acknowledged || closeCode !== undefined, 5_000, 20);
  if (!acknowledged) {
    await client.dispose();
    throw new Error(`the router refused the connection (${closeCode})`);
  }
  return { closeCode: () => closeCode, close: () => client.dispose() as Promise<void> };
}
