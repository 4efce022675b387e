import type { Logger } from '../logging/logger.ts';

type ShutdownHook = { name: string; run: () => Promise<unknown> };

/**
 * Ordered graceful shutdown: hooks run in reverse registration order (servers stop taking work
 * before consumers stop, before connections close), bounded by a grace period.
 */
export class Lifecycle {
  readonly #hooks: ShutdownHook[] = [];
  readonly #lastHooks: ShutdownHook[] = [];
  readonly #logger: Logger;
  readonly #graceMs: number;
  #shuttingDown: Promise<void> | undefined;

  constructor(logger: Logger, graceMs: number) {
    this.#logger = logger;
    this.#graceMs = graceMs;
  }

  onShutdown(name: string, run: () => Promise<unknown>): void {
    this.#hooks.push({ name, run });
  }

  /** A hook that runs after all the others, whenever it was registered: what every service and the bus depend on (the embedded database). */
  onShutdownLast(name: string, run: () => Promise<unknown>): void {
    this.#lastHooks.push({ name, run });
  }

  get isShuttingDown(): boolean {
    return this.#shuttingDown !== undefined;
  }

  shutdown(): Promise<void> {
    this.#shuttingDown ??= this.#runHooks();
    return this.#shuttingDown;
  }

  async #runHooks(): Promise<void> {
    const deadline = new Promise<void>((resolve) =>
      setTimeout(() => {
        this.#logger.warn({ graceMs: this.#graceMs }, 'shutdown grace period elapsed; exiting anyway');
        resolve();
      }, this.#graceMs).unref(),
    );
    const hooks = async () => {
      for (const hook of [...[...this.#hooks].reverse(), ...this.#lastHooks]) {
        try {
          await hook.run();
          this.#logger.info({ step: hook.name }, 'stopped');
        } catch (error) {
          this.#logger.warn({ err: error, hook: hook.name }, 'shutdown step failed');
        }
      }
    };
    await Promise.race([hooks(), deadline]);
  }

  /** Exits the process after a graceful shutdown on SIGTERM or SIGINT. */
  exitOnSignals(): void {
    const onSignal = (signal: NodeJS.Signals) => {
      this.#logger.info({ signal }, 'shutting down');
      void this.shutdown().finally(() => process.exit(0));
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  }
}
