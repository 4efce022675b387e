import { Lifecycle, createLogger, loadConfigOrExit, startMetricsServer } from '@showstream/platform';
import { startWebServer } from './web-server.ts';

// The web front end as its own process (`npm start` with KAFKA_BROKERS): a static server and a proxy, so no bus or database.
const config = loadConfigOrExit('web');
const logger = createLogger('web', config.LOG_LEVEL);
const lifecycle = new Lifecycle(logger, config.SHUTDOWN_GRACE_MS);
lifecycle.exitOnSignals();
try {
  await startWebServer({ config, logger, lifecycle });
  await startMetricsServer({ config, logger, lifecycle }, 'web');
} catch (error) {
  logger.fatal({ err: error }, 'web failed to start');
  process.exit(1);
}
