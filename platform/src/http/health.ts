import type { Request, Response } from 'express';

export type HealthChecks = Record<string, () => Promise<boolean>>;

/** `/health`: 200 when every dependency answers, 503 with the failing ones named otherwise. */
export function healthRoute(checks: HealthChecks) {
  return async (_req: Request, res: Response) => {
    const results = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        const ok = await Promise.race([
          check().catch(() => false),
          new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2_000).unref()),
        ]);
        return [name, ok ? 'ok' : 'failing'] as const;
      }),
    );
    const healthy = results.every(([, status]) => status === 'ok');
    res.status(healthy ? 200 : 503).json({ status: healthy ? 'ok' : 'degraded', checks: Object.fromEntries(results) });
  };
}
