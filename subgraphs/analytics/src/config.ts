import { z } from 'zod';
import { DEFAULT_CURRENCY, isCurrency, loadConfig } from '@showstream/platform';

const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

export const analyticsConfigShape = {
  /**
   * The reporting currency: `revenue`, `averageTicketPrice`, `topEvents` and the daily revenue_analytics rows
   * are in it; every currency's own totals are in `revenueByCurrency` and `revenue(currency:)`.
   */
  ANALYTICS_CURRENCY: z.string().refine(isCurrency, 'not an ISO 4217 currency code').default(DEFAULT_CURRENCY),
  /** Where days, weeks and months begin for `revenue` grouping and the daily revenue_analytics rows (an IANA zone). */
  ANALYTICS_TIME_ZONE: z.string().refine(isTimeZone, 'not an IANA time zone').default('UTC'),
  /** trackEvent: the largest `data` payload (its JSON, in bytes) and how many events a caller may track per window. */
  TRACK_EVENT_MAX_BYTES: z.coerce.number().int().min(256).max(65_536).default(4_096),
  TRACK_EVENT_RATE_POINTS: z.coerce.number().int().min(1).default(60),
  TRACK_EVENT_RATE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
  /** The sliding window the alerting gauges (booking success rate, payment failures) look back over. */
  ALERT_WINDOW_MINUTES: z.coerce.number().int().min(1).max(1_440).default(15),
};

export const loadAnalyticsConfig = () => loadConfig(analyticsConfigShape);
export type AnalyticsConfig = ReturnType<typeof loadAnalyticsConfig>;
