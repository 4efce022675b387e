import type { Lifecycle } from '../http/lifecycle.ts';
import type { Logger } from '../logging/logger.ts';

/**
 * Runs `task` every `intervalMs` (measured from the end of the previous run, so runs never
 * overlap) until shutdown, which waits for a run in progress to finish. A failing run is logged
 * and the next one goes ahead.
 */
export function startPeriodic(
  name: string,
  intervalMs: number,
  task: () => Promise<unknown>,
  deps: { lifecycle: Lifecycle; logger: Logger },
): void {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  const run = () => {
    running = task()
      .then(
        () => undefined,
        (error) => deps.logger.warn({ err: error, task: name }, 'periodic task failed'),
      )
      .finally(() => {
        running = undefined;
        if (!stopped) timer = setTimeout(run, intervalMs);
      });
  };
  timer = setTimeout(run, intervalMs);
  deps.lifecycle.onShutdown(name, async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  });
}
