import { loadConfig } from '../config/config.ts';
import type { ServiceName } from '../config/ports.ts';
import { startMetricsServer } from '../http/metrics-server.ts';
import { createInfrastructure, type Infrastructure } from '../infrastructure.ts';

/** Runs one service as its own process: its own connections and metrics listener, graceful exit on SIGTERM/SIGINT, exit 1 if it cannot start. */
export async function runStandalone(name: ServiceName, start: (infra: Infrastructure) => Promise<unknown>): Promise<void> {
  const infra = await createInfrastructure(name, loadConfig());
  infra.lifecycle.exitOnSignals();
  try {
    await start(infra);
    await startMetricsServer(infra, name);
  } catch (error) {
    infra.logger.fatal({ err: error }, `${name} failed to start`);
    await infra.lifecycle.shutdown();
    process.exit(1);
  }
}
