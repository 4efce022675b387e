import type { IncomingMessage } from 'node:http';

/**
 * The caller's address, for per-address limits. Without trusted proxies it is the socket's peer:
 * X-Forwarded-For is whatever the client wrote. Behind `trustedProxies` reverse proxies, each of
 * which appends the address it received from, it is the entry that many hops back from the peer
 * (Express's `trust proxy` with a hop count), so a client cannot pick its own by sending the header.
 * Serves HTTP requests and WebSocket upgrades alike.
 */
export function clientAddress(request: IncomingMessage, trustedProxies: number): string {
  const peer = request.socket.remoteAddress ?? 'unknown';
  if (trustedProxies === 0) return peer;
  const header = request.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  // Nearest first: the peer, then the header from its end.
  const hops = [peer, ...forwarded.reverse()];
  return hops[Math.min(trustedProxies, hops.length - 1)] ?? peer;
}
