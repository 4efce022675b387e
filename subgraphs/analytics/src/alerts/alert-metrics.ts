import { createGauge, run, type EventBus, type Logger, type Orm } from '@showstream/platform';
import { recentOutcomes, type Json } from './alerts.queries.ts';

/** Consumer lag needs a round of admin requests per group: scrapes within this interval reuse the last answer. */
const LAG_CACHE_MS = 15_000;

/** A metric's dimensions as the rollups write them: a JSON object of strings. */
function dimensionsOf(value: Json): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

interface Deps {
  orm: Orm;
  bus: EventBus;
  logger: Logger;
  windowMinutes: number;
}

/**
 * The architecture's alert inputs as Prometheus gauges, computed when scraped: booking and payment
 * outcomes over the last `windowMinutes` (from real_time_metrics, so every instance reports the
 * same, restart-proof figures) and every consumer group's lag. The rules are in
 * ops/prometheus/alerts.yml; the error-rate alert reads the platform's graphql_operations_total.
 */
export function registerAlertMetrics({ orm, bus, logger, windowMinutes }: Deps): void {
  const window = `${windowMinutes}m`;
  let lagCache: { at: number; lags: Awaited<ReturnType<EventBus['consumerLag']>> } | undefined;

  const windowTotals = async () => {
    const rows = await run(orm.em.fork(), recentOutcomes, { minutesBack: windowMinutes - 1 });
    return rows.map((row) => ({ ...row, dimensions: dimensionsOf(row.dimensions), total: Number(row.total) }));
  };

  const bookingOutcomes = createGauge({
    name: 'showstream_booking_outcomes',
    help: 'Bookings that reached an outcome (confirmed, failed, expired) within the window',
    labelNames: ['outcome', 'window'],
    collect: () => collectOutcomes(),
  });
  const bookingSuccess = createGauge({
    name: 'showstream_booking_success_ratio',
    help: 'Confirmed bookings / (confirmed + failed + expired) within the window; absent without outcomes',
    labelNames: ['window'],
    collect: () => collectOutcomes(),
  });
  const paymentOutcomes = createGauge({
    name: 'showstream_payment_outcomes',
    help: 'Payments that succeeded or failed (by failure code) within the window',
    labelNames: ['outcome', 'code', 'window'],
    collect: () => collectOutcomes(),
  });
  const paymentFailure = createGauge({
    name: 'showstream_payment_failure_ratio',
    help: 'Failed payments / (succeeded + failed) within the window; absent without payments',
    labelNames: ['window'],
    collect: () => collectOutcomes(),
  });
  // One query feeds all four gauges; a scrape that collects them together shares it.
  let pending: Promise<void> | undefined;
  const collectOutcomes = () =>
    (pending ??= (async () => {
      for (const gauge of [bookingOutcomes, bookingSuccess, paymentOutcomes, paymentFailure]) gauge.reset();
      const totals = await windowTotals();
      const sum = (name: string, where: (dimensions: Record<string, string>) => boolean = () => true) =>
        totals
          .filter((row) => row.metric_name === name && where(row.dimensions))
          .reduce((acc, row) => acc + row.total, 0);
      const confirmed = sum('bookings_confirmed');
      const failed = sum('bookings_ended', (dimensions) => dimensions.status === 'FAILED');
      const expired = sum('bookings_ended', (dimensions) => dimensions.status === 'EXPIRED');
      bookingOutcomes.set({ outcome: 'confirmed', window }, confirmed);
      bookingOutcomes.set({ outcome: 'failed', window }, failed);
      bookingOutcomes.set({ outcome: 'expired', window }, expired);
      if (confirmed + failed + expired > 0) bookingSuccess.set({ window }, confirmed / (confirmed + failed + expired));
      const succeeded = sum('payments_succeeded');
      paymentOutcomes.set({ outcome: 'succeeded', code: '', window }, succeeded);
      let failures = 0;
      for (const row of totals.filter((candidate) => candidate.metric_name === 'payments_failed')) {
        paymentOutcomes.set({ outcome: 'failed', code: row.dimensions.code ?? 'UNKNOWN', window }, row.total);
        failures += row.total;
      }
      if (succeeded + failures > 0) paymentFailure.set({ window }, failures / (succeeded + failures));
    })()
      .catch((error: unknown) => logger.warn({ err: error }, 'could not compute alert metrics'))
      .finally(() => {
        pending = undefined;
      }));

  createGauge({
    name: 'showstream_kafka_consumer_lag',
    help: 'Messages a consumer group has not processed yet, per topic (every group on the bus)',
    labelNames: ['group', 'topic'],
    async collect() {
      try {
        if (!lagCache || Date.now() - lagCache.at > LAG_CACHE_MS)
          lagCache = { at: Date.now(), lags: await bus.consumerLag() };
        this.reset();
        for (const { groupId, topic, lag } of lagCache.lags) this.set({ group: groupId, topic }, lag);
      } catch (error) {
        logger.warn({ err: error }, 'could not read consumer lag');
      }
    },
  });
}
