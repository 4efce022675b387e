import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { badInput, parseInput, run, type EntityManager, type Principal, type RateLimiter } from '@showstream/platform';
import type { AnalyticsConfig } from '../config.ts';
import type { Rollups } from '../rollups/rollups.ts';
import { recordTrackedActivity } from './tracking.queries.ts';
import { UserAnalyticsEventSchema } from './user-analytics-event.entity.ts';

const MAX_DEPTH = 5;

const trackEventSchema = z.object({
  eventType: z
    .string()
    .regex(
      /^[A-Za-z][A-Za-z0-9_.:-]{0,49}$/,
      'Use 1–50 letters, digits, _ . : or -, starting with a letter, e.g. "page_view".',
    ),
  sessionId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,255}$/, 'Use 8–255 letters, digits, _ or -.')
    .nullish(),
  pageUrl: z
    .url({ protocol: /^https?$/, error: 'Give an http(s) URL.' })
    .max(500, 'At most 500 characters.')
    .nullish(),
  data: z.unknown().optional(),
});

/** User-behaviour events from front ends, stored in user_analytics_events; bounded and rate limited per caller. */
export class TrackingService {
  readonly #em: EntityManager;
  readonly #limiter: RateLimiter;
  readonly #rollups: Rollups;
  readonly #maxBytes: number;

  constructor(deps: {
    em: EntityManager;
    limiter: RateLimiter;
    rollups: Rollups;
    config: Pick<AnalyticsConfig, 'TRACK_EVENT_MAX_BYTES'>;
  }) {
    this.#em = deps.em;
    this.#limiter = deps.limiter;
    this.#rollups = deps.rollups;
    this.#maxBytes = deps.config.TRACK_EVENT_MAX_BYTES;
  }

  /**
   * Records one event. Signed-in callers are limited per user; anonymous ones must name their
   * browser session and are limited per session (the router does not forward client IPs yet).
   */
  async track(principal: Principal | undefined, rawInput: unknown): Promise<boolean> {
    const input = parseInput(trackEventSchema, rawInput, 'input');
    const data = this.#payload(input.data);
    if (!principal && !input.sessionId) throw badInput('Anonymous callers must give a sessionId.', 'input.sessionId');
    await this.#limiter.consume(principal ? `user:${principal.userId}` : `session:${input.sessionId}`);

    const at = new Date();
    await this.#em.transactional(async (tx) => {
      tx.create(UserAnalyticsEventSchema, {
        userId: principal?.userId ?? null,
        sessionId: input.sessionId ?? null,
        eventType: input.eventType,
        eventData: data,
        pageUrl: input.pageUrl ?? null,
        userAgent: null,
        ipAddress: null,
        occurredAt: at,
      });
      if (principal) {
        await run(tx, recordTrackedActivity, { sourceId: randomUUID(), userId: principal.userId, occurredAt: at });
      }
      await this.#rollups.count(tx, at.toISOString(), [{ name: 'tracked_events' }]);
    });
    return true;
  }

  /** `data` must be a JSON object of bounded size and depth. */
  #payload(data: unknown): Record<string, unknown> {
    if (data === undefined || data === null) return {};
    if (typeof data !== 'object' || Array.isArray(data)) throw badInput('data must be a JSON object.', 'input.data');
    if (nestsDeeper(data, MAX_DEPTH)) throw badInput(`data may nest at most ${MAX_DEPTH} levels deep.`, 'input.data');
    const json = JSON.stringify(data);
    const bytes = Buffer.byteLength(json, 'utf8');
    if (bytes > this.#maxBytes)
      throw badInput(`data is ${bytes} bytes as JSON; at most ${this.#maxBytes} are accepted.`, 'input.data');
    return data as Record<string, unknown>;
  }
}

/** Whether objects or arrays nest more than `levels` deep; stops looking there, so a hostile payload cannot exhaust the stack. */
function nestsDeeper(value: unknown, levels: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (levels === 0) return true;
  return Object.values(value as Record<string, unknown>).some((child) => nestsDeeper(child, levels - 1));
}
