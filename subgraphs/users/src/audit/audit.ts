import {
  badInput,
  currentRequestScope,
  escapeLike,
  isUuid,
  newestFirst,
  type Connection,
  type EntityManager,
} from '@showstream/platform';
import type { EventData } from '@showstream/contracts';
import { AuditEntrySchema, type AuditEntry } from './audit-entry.entity.ts';

export interface AuditRecord {
  actorId: string | null;
  actorRole?: string | null;
  action: string;
  outcome?: EventData<'audit-events', 'AdminActionRecorded'>['outcome'];
  targetType: string;
  targetId: string;
  details?: Record<string, unknown>;
  requestId?: string | null;
}

/** Records who did what to whom, in the same transaction as the change itself. */
export function audit(em: EntityManager, record: AuditRecord): void {
  em.create(AuditEntrySchema, {
    actorId: record.actorId,
    actorRole: record.actorRole ?? null,
    action: record.action,
    outcome: record.outcome ?? 'SUCCEEDED',
    targetType: record.targetType,
    targetId: record.targetId,
    details: record.details ?? {},
    requestId: record.requestId ?? currentRequestScope()?.requestId ?? null,
  });
}

/** An admin action another subgraph (or this one) reported on `audit-events`; the inbox makes it once. */
export async function recordAdminAction(
  action: EventData<'audit-events', 'AdminActionRecorded'>,
  em: EntityManager,
): Promise<void> {
  audit(em, {
    actorId: action.actorId,
    actorRole: action.actorRole,
    action: action.action,
    outcome: action.outcome,
    targetType: action.targetType,
    targetId: action.targetId,
    details: { arguments: action.arguments, errorCodes: action.errorCodes },
    requestId: action.requestId,
  });
}

export interface AuditLogQuery {
  first?: number | null;
  after?: string | null;
  action?: string | null;
  actorId?: string | null;
}

/** The log newest first, optionally narrowed to an action prefix and an actor. */
export async function listAuditLog(em: EntityManager, query: AuditLogQuery): Promise<Connection<AuditEntry>> {
  const action = query.action?.trim();
  if (action && action.length > 64) throw badInput('action is too long.', 'action');
  if (query.actorId && !isUuid(query.actorId)) throw badInput('actorId is not a user id.', 'actorId');
  const where = {
    ...(action ? { action: { $like: `${escapeLike(action)}%` } } : {}),
    ...(query.actorId ? { actorId: query.actorId.toLowerCase() } : {}),
  };
  return newestFirst(em, AuditEntrySchema, where, query.first, query.after);
}
