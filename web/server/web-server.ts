import { request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { existsSync } from 'node:fs';
import type { Duplex } from 'node:stream';
import express from 'express';
import {
  compressResponses,
  createHttpServer,
  healthRoutes,
  httpMetricsMiddleware,
  reachable,
  servicePort,
  webPort,
  type BaseConfig,
  type Lifecycle,
  type Logger,
} from '@showstream/platform';
import { DIST_DIR } from './build.ts';

const GRAPHQL_PATH = '/graphql';

/**
 * The app's pages may talk only to this origin (GraphQL over HTTP and WebSocket on /graphql) and
 * load nothing from elsewhere but event posters.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: https:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

export interface WebServerOptions {
  config: Pick<BaseConfig, 'PORT_BASE' | 'HOST'>;
  logger: Logger;
  lifecycle: Lifecycle;
  /** Where GraphQL goes; the router on PORT_BASE by default (`ROUTER_URL` elsewhere, e.g. containers). */
  routerUrl?: string;
  /** The built app; web/dist by default. */
  distDir?: string;
}

/**
 * Serves the built web app and passes /graphql — HTTP and WebSocket upgrades — through to the
 * router, so the browser talks to one origin: no CORS, and the same cookie-free bearer-token
 * flow as any front end. Hashed assets are cached for a year; every other path gets index.html
 * (the app routes on the client), revalidated on every load, so a new build is picked up at once.
 */
export async function startWebServer(options: WebServerOptions): Promise<{ url: string; server: Server }> {
  const { config, logger, lifecycle } = options;
  const distDir = options.distDir ?? DIST_DIR;
  const router = new URL(
    options.routerUrl ?? process.env.ROUTER_URL ?? `http://127.0.0.1:${servicePort(config, 'router')}`,
  );
  const app = express();
  app.disable('x-powered-by');
  app.use(httpMetricsMiddleware('web'));

  healthRoutes(app, {
    required: { app: async () => existsSync(`${distDir}/index.html`) },
    degraded: { router: reachable(new URL('/health/live', router)) },
  });

  app.use(GRAPHQL_PATH, (req, res) => {
    const upstream = httpRequest(
      new URL(pathOf(req.originalUrl), router),
      { method: req.method, headers: forwardedHeaders(req, router) },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', (error) => {
      logger.warn({ err: error }, 'router unreachable');
      if (!res.headersSent)
        res.status(502).json({
          errors: [
            {
              message: 'ShowStream is restarting; try again in a moment.',
              extensions: { code: 'SERVICE_UNAVAILABLE' },
            },
          ],
        });
      else res.destroy();
    });
    req.pipe(upstream);
  });

  // After the /graphql pass-through: the router compresses its own answers.
  app.use(compressResponses());
  app.use((_req, res, next) => {
    res.set({
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'same-origin',
    });
    next();
  });
  // Source maps are built (web/dist/assets/*.map, for developers reading a stack trace) but not served.
  app.use('/assets', (req, res, next) => (req.path.endsWith('.map') ? void res.status(404).end() : next()));
  app.use('/assets', express.static(`${distDir}/assets`, { immutable: true, maxAge: '1y', index: false }));
  // A hashed asset that is not there (an older build's) is a plain 404, not the app's page.
  app.use('/assets', (_req, res) => void res.status(404).end());
  const revalidateHtml = (res: express.Response, file: string) =>
    file.endsWith('.html') && res.setHeader('Cache-Control', 'no-cache');
  app.use(express.static(distDir, { index: false, maxAge: '1h', setHeaders: revalidateHtml }));
  app.get('/{*path}', (_req, res) => {
    res.set('Cache-Control', 'no-cache').sendFile(`${distDir}/index.html`, (error) => {
      if (error && !res.headersSent)
        res.status(503).type('text').send('The web app is not built yet: run `npm run build -w @showstream/web`.');
    });
  });

  const server = createHttpServer(app);
  const tunnels = new Set<Duplex>();
  server.on('upgrade', (req, socket, head) => {
    if (new URL(req.url ?? '/', 'http://web.invalid').pathname !== GRAPHQL_PATH) return socket.destroy();
    tunnels.add(socket);
    socket.once('close', () => tunnels.delete(socket));
    tunnel(req, socket, head, router, logger);
  });
  const port = webPort(config);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, config.HOST, resolve);
  });
  lifecycle.onShutdown('web http', async () => {
    server.closeIdleConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  // Long-lived WebSocket tunnels would hold `close` open: end them first (clients reconnect elsewhere).
  lifecycle.onShutdown('web sockets', async () => {
    for (const socket of tunnels) socket.destroy();
    server.closeAllConnections();
  });
  const url = `http://localhost:${port}`;
  logger.info({ url, router: router.origin }, 'web front end ready');
  return { url, server };
}

/**
 * Only the path and query of what the client asked for: an absolute-form request target
 * (`POST http://elsewhere/graphql`) must not choose where the request goes.
 */
function pathOf(target: string): string {
  const url = new URL(target, 'http://web.invalid');
  return url.pathname + url.search;
}

/** The client's headers for the router, with the router as host and the hop recorded (X-Forwarded-*). */
function forwardedHeaders(req: IncomingMessage, router: URL): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers[name] = value;
  const previous = req.headers['x-forwarded-for'];
  headers['x-forwarded-for'] = [previous, req.socket.remoteAddress].filter(Boolean).join(', ');
  headers['x-forwarded-host'] = req.headers.host ?? '';
  headers['x-forwarded-proto'] = 'http';
  headers.host = router.host;
  return headers;
}

/**
 * A WebSocket upgrade passed through as bytes: the request line and headers go to the router,
 * then the two sockets are piped together. graphql-ws frames are never parsed here.
 */
function tunnel(req: IncomingMessage, client: Duplex, head: Buffer, router: URL, logger: Logger): void {
  const upstream: Socket = connect(Number(router.port || 80), router.hostname, () => {
    const lines = [`${req.method} ${pathOf(req.url ?? GRAPHQL_PATH)} HTTP/1.1`];
    for (const [name, value] of Object.entries(forwardedHeaders(req, router))) {
      for (const item of Array.isArray(value) ? value : [value]) lines.push(`${name}: ${item}`);
    }
    upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
    if (head.length > 0) upstream.write(head);
    client.pipe(upstream).pipe(client);
  });
  upstream.setNoDelay(true);
  const close = () => {
    client.destroy();
    upstream.destroy();
  };
  upstream.on('error', (error) => {
    logger.warn({ err: error }, 'websocket tunnel to the router failed');
    close();
  });
  client.on('error', close);
  upstream.on('close', close);
  client.on('close', close);
}
