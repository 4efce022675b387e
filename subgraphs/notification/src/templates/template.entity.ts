import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { CHANNELS } from '../channels/channel.ts';

export const TemplateSchema = defineEntity({
  name: 'NotificationTemplate',
  tableName: 'notification_templates',
  properties: {
    id: p.uuid().primary(),
    name: p.string().length(100).fieldName('template_name'),
    kind: p.string().length(50).fieldName('template_type'),
    channel: p.enum(CHANNELS),
    /** A primary language code (en, hi): English templates are queued, others chosen per recipient at send time. */
    language: p.string().length(8),
    subject: p.string().length(255).nullable(),
    content: p.text().fieldName('template_content'),
    /** The variables the template uses, derived from its text when saved. */
    variables: p.json<string[]>(),
    isActive: p.boolean(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});
export type Template = InferEntity<typeof TemplateSchema>;
