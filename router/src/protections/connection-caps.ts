import type { WebSocket } from 'ws';

/**
 * The close code for a connection over a cap: 1013 "Try Again Later" (RFC 6455 registry), which
 * graphql-ws clients retry with backoff, as they should once one of the caller's sockets closes.
 */
export const CLOSE_TOO_MANY_CONNECTIONS = 1013;

/**
 * Caps on open WebSocket connections: per client address (every socket, counted from the upgrade,
 * so sockets that never send `connection_init` count too) and per signed-in user (from
 * `connection_init`). Counted per router process, in memory: exact, with nothing left behind when
 * a process dies (counters in Redis would outlive a crashed process's sockets until some expiry),
 * and what the caps protect — a process's sockets, memory and file descriptors — is per process.
 * With N router processes a user may hold up to N × the cap; a load balancer that keeps a user's
 * sockets on one process, or a smaller cap, narrows that.
 */
export class ConnectionCaps {
  readonly #perAddress = new Map<string, number>();
  readonly #perUser = new Map<string, number>();
  readonly #maxPerAddress: number;
  readonly #maxPerUser: number;

  constructor(limits: { perAddress: number; perUser: number }) {
    this.#maxPerAddress = limits.perAddress;
    this.#maxPerUser = limits.perUser;
  }

  /** Counts `socket` against its address until it closes; false when the address is at its cap. */
  admitAddress(address: string, socket: WebSocket): boolean {
    return hold(this.#perAddress, address, this.#maxPerAddress, socket);
  }

  /** Counts `socket` against its user until it closes; false when the user is at their cap. */
  admitUser(userId: string, socket: WebSocket): boolean {
    return hold(this.#perUser, userId, this.#maxPerUser, socket);
  }
}

function hold(counts: Map<string, number>, key: string, max: number, socket: WebSocket): boolean {
  const open = counts.get(key) ?? 0;
  if (open >= max) return false;
  counts.set(key, open + 1);
  socket.once('close', () => {
    const left = (counts.get(key) ?? 1) - 1;
    if (left > 0) counts.set(key, left);
    else counts.delete(key);
  });
  return true;
}
