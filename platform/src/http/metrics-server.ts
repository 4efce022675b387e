import type { AddressInfo } from 'node:net';
import type { BaseConfig } from '../config/config.ts';
import { metricsPort, type ServiceName } from '../config/ports.ts';
import type { Logger } from '../logging/logger.ts';
import { createHttpServer } from './http-server.ts';
import type { Lifecycle } from './lifecycle.ts';
import { metricsRegistry } from './metrics.ts';

/**
 * Serves the process's Prometheus metrics (`GET /metrics`, nothing else) on a listener of its own,
 * METRICS_HOST:METRICS_PORT — loopback and `metricsPort` by default — so the public ports never do:
 * operation names, error rates and internals are for the operators' scraper only.
 */
export async function startMetricsServer(
  { config, logger, lifecycle }: { config: BaseConfig; logger: Logger; lifecycle: Lifecycle },
  service: ServiceName | 'web',
): Promise<{ url: string }> {
  const server = createHttpServer((req, res) => {
    if (req.method !== 'GET' || new URL(req.url ?? '/', 'http://metrics.invalid').pathname !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    metricsRegistry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': metricsRegistry.contentType }).end(text),
      (error: unknown) => {
        logger.error({ err: error }, 'could not collect metrics');
        res.writeHead(500).end();
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(metricsPort(config, service), config.METRICS_HOST, resolve);
  });
  lifecycle.onShutdown('metrics http', () => new Promise((resolve) => server.close(resolve)));
  const url = `http://${config.METRICS_HOST}:${(server.address() as AddressInfo).port}/metrics`;
  logger.info({ url }, 'metrics ready');
  return { url };
}
