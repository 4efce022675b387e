import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const AuditEntrySchema = defineEntity({
  name: 'AuditEntry',
  tableName: 'audit_log',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    actorId: p.uuid().nullable(),
    actorRole: p.string().length(16).nullable(),
    action: p.string().length(64),
    outcome: p.string().length(10),
    targetType: p.string().length(32),
    targetId: p.string().length(64),
    details: p.json<Record<string, unknown>>(),
    requestId: p.string().length(128).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type AuditEntry = InferEntity<typeof AuditEntrySchema>;
