import type { BaseContext, EntityManager } from '@showstream/platform';
import type { DashboardService } from './dashboard/dashboard.service.ts';
import type { TrackingService } from './tracking/tracking.service.ts';

export interface AnalyticsContext extends BaseContext {
  em: EntityManager;
  dashboard: DashboardService;
  tracking: TrackingService;
}
