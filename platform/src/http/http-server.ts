import { createServer, type RequestListener, type Server } from 'node:http';

/**
 * Node closes an idle keep-alive connection after 5 s, which races clients and load balancers
 * that keep theirs longer (60 s is common): a request sent down a socket the server is just
 * closing fails with "other side closed". Idle connections here outlive those of any client.
 */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/** The HTTP server every ShowStream service listens with. */
export function createHttpServer(app: RequestListener): Server {
  const server = createServer(app);
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  // Must exceed the keep-alive timeout, or a client's next request on an idle socket can be cut off mid-headers.
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;
  return server;
}
