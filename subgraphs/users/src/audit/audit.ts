import { currentRequestScope, type EntityManager } from '@showstream/platform';
import { AuditEntrySchema } from './audit-entry.entity.ts';

export interface AuditRecord {
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string;
  details?: Record<string, unknown>;
}

/** Records who did what to whom, in the same transaction as the change itself. */
export function audit(em: EntityManager, record: AuditRecord): void {
  em.create(AuditEntrySchema, {
    actorId: record.actorId,
    action: record.action,
    targetType: record.targetType,
    targetId: record.targetId,
    details: record.details ?? {},
    requestId: currentRequestScope()?.requestId ?? null,
  });
}
