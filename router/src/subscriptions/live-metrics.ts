import { Counter, Gauge } from 'prom-client';
import { metricsRegistry } from '@showstream/platform';

/** How live fan-out behaves: resolutions should track events × groups, frames events × subscribers. */
export const liveMetrics = {
  resolutions: new Counter({
    name: 'live_event_resolutions_total',
    help: 'Live events resolved, once per subscription group, by root field',
    labelNames: ['field'],
    registers: [metricsRegistry],
  }),
  frames: new Counter({
    name: 'live_frames_sent_total',
    help: 'Subscription frames written to sockets, by root field',
    labelNames: ['field'],
    registers: [metricsRegistry],
  }),
  slowSockets: new Counter({
    name: 'live_slow_sockets_closed_total',
    help: 'Sockets closed for falling behind',
    registers: [metricsRegistry],
  }),
  groups: new Gauge({
    name: 'live_subscription_groups',
    help: 'Open subscription groups in this router process',
    registers: [metricsRegistry],
  }),
  subscribers: new Gauge({
    name: 'live_subscribers',
    help: 'Open subscriptions in this router process',
    registers: [metricsRegistry],
  }),
};
