import { z } from 'zod';
import { id, role } from './shared.ts';

/** `audit-events`, keyed by the actor's user id ('anonymous' without one): every admin action, from every subgraph. */

export const AUDIT_OUTCOMES = ['SUCCEEDED', 'FAILED', 'DENIED'] as const;

export const AdminActionRecorded = z.object({
  /** `<subgraph>.<mutation field>`, e.g. `catalog.cancelShow`. */
  action: z.string(),
  actorId: id.nullable(),
  actorRole: role.nullable(),
  outcome: z.enum(AUDIT_OUTCOMES),
  errorCodes: z.array(z.string()),
  targetType: z.string(),
  targetId: z.string(),
  /** The mutation's arguments, secrets redacted. */
  arguments: z.record(z.string(), z.unknown()),
  requestId: z.string(),
});

export const auditEvents = { AdminActionRecorded };
