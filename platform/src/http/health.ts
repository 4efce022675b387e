import type { Express, Request, Response } from 'express';

export type HealthChecks = Record<string, () => Promise<boolean>>;

export interface ReadinessChecks {
  /** Without these the service cannot answer at all (its database, the router's supergraph): any failing makes it not ready. */
  required: HealthChecks;
  /**
   * Without these it still answers, with less: Kafka (events wait in the outbox), Redis (live updates
   * pause), a subgraph behind the router (its fields fail, the rest answers). They are reported, and
   * the status says `degraded`, but the service stays ready: every instance shares these dependencies,
   * so taking instances out of rotation for them would turn a partial outage into a whole one.
   */
  degraded?: HealthChecks;
  /** Facts an operator must see that change no status, e.g. a test-mode payment gateway in production. */
  notices?: Record<string, string>;
}

const CHECK_TIMEOUT_MS = 2_000;

/** A check that `url` answers 2xx, e.g. another service's `/health/live`. */
export function reachable(url: URL | string): () => Promise<boolean> {
  return () =>
    fetch(url, { signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) }).then(
      async (response) => {
        await response.body?.cancel();
        return response.ok;
      },
      () => false,
    );
}

async function run(checks: HealthChecks): Promise<[string, 'ok' | 'failing'][]> {
  return Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      const ok = await Promise.race([
        check().catch(() => false),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), CHECK_TIMEOUT_MS).unref()),
      ]);
      return [name, ok ? 'ok' : 'failing'] as [string, 'ok' | 'failing'];
    }),
  );
}

/**
 * The health endpoints of every service:
 * - `/health/live`: the process serves HTTP (restart it when this fails); no dependency is checked.
 * - `/health/ready`: 200 `ok`, or 200 `degraded` naming the failing optional dependencies, or 503
 *   `unavailable` when a required one fails (send it no traffic); with `notices`, whatever the status.
 * - `/health`: readiness, for existing callers (the launcher, the test stack, container health checks).
 */
export function healthRoutes(app: Express, checks: ReadinessChecks): void {
  app.get('/health/live', (_req: Request, res: Response) => {
    res.json({ status: 'ok' });
  });
  const ready = async (_req: Request, res: Response) => {
    const [required, degraded] = await Promise.all([run(checks.required), run(checks.degraded ?? {})]);
    const status = required.some(([, state]) => state === 'failing')
      ? 'unavailable'
      : degraded.some(([, state]) => state === 'failing')
        ? 'degraded'
        : 'ok';
    res
      .status(status === 'unavailable' ? 503 : 200)
      .set('cache-control', 'no-store')
      .json({ status, checks: Object.fromEntries([...required, ...degraded]), notices: checks.notices });
  };
  app.get('/health/ready', ready);
  app.get('/health', ready);
}
