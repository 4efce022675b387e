import { query, type EntityManager } from '@showstream/platform';
import type { AnalyticsConfig } from '../config.ts';

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

const DAILY_COLUMNS = [
  'total_bookings',
  'tickets_sold',
  'ticket_revenue_minor',
  'captured_minor',
  'refunded_minor',
  'new_users',
] as const;

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
      await query(
        tx,
        `insert into real_time_metrics (metric_name, metric_type, dimensions, bucket, metric_value)
         values (?, ?, cast(? as jsonb), date_trunc('minute', cast(? as timestamptz)), ?)
         on conflict (metric_name, bucket, dimensions) do update set metric_value = real_time_metrics.metric_value + excluded.metric_value, updated_at = now()`,
        [row.name, row.type ?? 'count', row.dimensions, at, row.value ?? 1],
      );
    }
  }

  /** Adds to the day `at` falls on; money only in the reporting currency. */
  async daily(tx: EntityManager, at: string, change: DailyRevenueChange): Promise<void> {
    const values = DAILY_COLUMNS.map((column) => change[column] ?? 0);
    await query(
      tx,
      `insert into revenue_analytics (date, currency, ${DAILY_COLUMNS.join(', ')})
       values ((cast(? as timestamptz) at time zone ?)::date, ?, ${DAILY_COLUMNS.map(() => '?').join(', ')})
       on conflict (date) do update set ${DAILY_COLUMNS.map((column) => `${column} = revenue_analytics.${column} + excluded.${column}`).join(', ')}, updated_at = now()`,
      [at, this.#config.ANALYTICS_TIME_ZONE, this.#config.ANALYTICS_CURRENCY, ...values],
    );
  }

  get currency(): string {
    return this.#config.ANALYTICS_CURRENCY;
  }
}

const sortKeys = (dimensions: Record<string, string>) =>
  Object.fromEntries(Object.entries(dimensions).sort(([a], [b]) => a.localeCompare(b)));
