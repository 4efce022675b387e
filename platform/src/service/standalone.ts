import { ConfigError, loadConfig, type BaseConfig } from '../config/config.ts';
import type { ServiceName } from '../config/ports.ts';
import { startMetricsServer } from '../http/metrics-server.ts';
import { createInfrastructure, type Infrastructure } from '../infrastructure.ts';
import { createLogger } from '../logging/logger.ts';

/** Runs one service as its own process: its own connections and metrics listener, graceful exit on SIGTERM/SIGINT, exit 1 if it cannot start. */
export async function runStandalone(
  name: ServiceName,
  start: (infra: Infrastructure) => Promise<unknown>,
): Promise<void> {
  const infra = await createInfrastructure(name, loadConfigOrExit(name));
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

/** The process's configuration; a mistake in it is told as what to fix (one log line, no stack trace), and the process exits 1. */
export function loadConfigOrExit(name: string): BaseConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    createLogger(name, 'fatal').fatal(`${name} cannot start. ${error.message}`);
    process.exit(1);
  }
}
