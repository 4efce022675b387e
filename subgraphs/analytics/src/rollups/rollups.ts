import { run, type EntityManager } from '@showstream/platform';
import type { AnalyticsConfig } from '../config.ts';
import { addToDailyRevenue, addToMetric } from './rollups.queries.ts';

export interface MetricIncrement {
  name: string;
  /** `count` for occurrences, `sum_minor` for money in minor units of the dimension's currency. */
  type?: 'count' | 'sum_minor';
  value?: number;
  dimensions?: Record<string, string>;
}

export type DailyRevenueChange = Partial<
  Record<
    'total_bookings' | 'tickets_sold' | 'ticket_revenue_minor' | 'captured_minor' | 'refunded_minor' | 'new_users',
    number
  >
>;

/**
 * The architecture's rollup tables, incremented inside the consumer's inbox transaction (so each
 * event adds exactly once): real_time_metrics per minute of the event's time, revenue_analytics per
 * day in the reporting time zone.
 */
export class Rollups {
  readonly #config: Pick<AnalyticsConfig, 'ANALYTICS_CURRENCY' | 'ANALYTICS_TIME_ZONE'>;

  constructor(config: Pick<AnalyticsConfig, 'ANALYTICS_CURRENCY' | 'ANALYTICS_TIME_ZONE'>) {
    this.#config = config;
  }

  async count(tx: EntityManager, at: string, increments: MetricIncrement[]): Promise<void> {
    // Rows are locked in one order by every consumer, so concurrent consumers wait for each other instead of deadlocking.
    const rows = increments
      .map((increment) => ({ ...increment, dimensions: JSON.stringify(sortKeys(increment.dimensions ?? {})) }))
      .sort((a, b) => (a.name === b.name ? a.dimensions.localeCompare(b.dimensions) : a.name.localeCompare(b.name)));
    for (const row of rows) {
      await run(tx, addToMetric, {
        name: row.name,
        type: row.type ?? 'count',
        dimensions: row.dimensions,
        at,
        value: row.value ?? 1,
      });
    }
  }

  /** Adds to the day `at` falls on; money only in the reporting currency. */
  async daily(tx: EntityManager, at: string, change: DailyRevenueChange): Promise<void> {
    await run(tx, addToDailyRevenue, {
      at,
      timeZone: this.#config.ANALYTICS_TIME_ZONE,
      currency: this.#config.ANALYTICS_CURRENCY,
      totalBookings: change.total_bookings ?? 0,
      ticketsSold: change.tickets_sold ?? 0,
      ticketRevenueMinor: change.ticket_revenue_minor ?? 0,
      capturedMinor: change.captured_minor ?? 0,
      refundedMinor: change.refunded_minor ?? 0,
      newUsers: change.new_users ?? 0,
    });
  }

  get currency(): string {
    return this.#config.ANALYTICS_CURRENCY;
  }
}

const sortKeys = (dimensions: Record<string, string>) =>
  Object.fromEntries(Object.entries(dimensions).sort(([a], [b]) => a.localeCompare(b)));
