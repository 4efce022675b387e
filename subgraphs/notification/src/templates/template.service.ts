import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  badInput,
  notFound,
  parseInput,
  requireUuid,
  run,
  withTransactionRetry,
  type EntityManager,
} from '@showstream/platform';
import { CHANNELS, CHANNELS_WITH_SUBJECT, type Channel } from '../channels/channel.ts';
import { DEFAULT_TEMPLATES } from './default-templates.ts';
import { NOTIFICATION_TRIGGERS, isNotificationKind } from '@showstream/contracts';
import { RECIPIENT_VARIABLES } from './recipient-variables.ts';
import { TemplateSyntaxError, templateVariables } from './template-renderer.ts';
import { TemplateSchema, type Template } from './template.entity.ts';
import { insertDefaultTemplate, retireActiveTemplate } from './templates.queries.ts';

const kindSchema = z
  .string()
  .trim()
  .regex(/^[A-Z][A-Z0-9_]{1,49}$/, 'Use an upper-case kind such as BOOKING_CONFIRMED or PROMOTION.');
const subject = z
  .string()
  .trim()
  .min(1, 'subject must not be empty.')
  .max(255, 'Keep the subject under 255 characters.');
const content = z
  .string()
  .trim()
  .min(1, 'content must not be empty.')
  .max(10_000, 'Keep the content under 10,000 characters.');

const createSchema = z.object({
  name: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9._-]{1,99}$/, 'Use lower-case letters, digits, dots and dashes, e.g. promotion.email.'),
  kind: kindSchema,
  channel: z.enum(CHANNELS),
  language: z
    .string()
    .trim()
    .regex(/^[a-z]{2,3}$/, 'Use a language code such as en or hi.')
    .nullish()
    .transform((language) => language ?? 'en'),
  subject: subject.nullish(),
  content,
  isActive: z.boolean().nullish(),
});

const updateSchema = z.object({
  subject: subject.nullish(),
  content: content.nullish(),
  isActive: z.boolean().nullish(),
});

/** Templates per kind and channel, managed by admins. Creating or activating one retires the kind's active template on that channel. */
export class TemplateService {
  readonly #em: EntityManager;

  constructor(em: EntityManager) {
    this.#em = em;
  }

  list(filter: { kind?: string | null; channel?: Channel | null }): Promise<Template[]> {
    return this.#em.find(
      TemplateSchema,
      { ...(filter.kind ? { kind: filter.kind } : {}), ...(filter.channel ? { channel: filter.channel } : {}) },
      { orderBy: { kind: 'asc', channel: 'asc', createdAt: 'desc' } },
    );
  }

  async create(input: unknown): Promise<Template> {
    const data = parseInput(createSchema, input, 'input');
    const variables = checkTemplate(data.kind, data.channel, data.subject ?? null, data.content);
    return withTransactionRetry(() =>
      this.#em.fork().transactional(async (tx) => {
        if (await tx.count(TemplateSchema, { name: data.name }))
          throw badInput(`A template named ${data.name} already exists.`, 'input.name');
        const active = data.isActive ?? true;
        if (active) await retire(tx, data.kind, data.channel, data.language);
        const now = new Date();
        return tx.create(TemplateSchema, {
          id: randomUUID(),
          name: data.name,
          kind: data.kind,
          channel: data.channel,
          language: data.language,
          subject: data.subject ?? null,
          content: data.content,
          variables,
          isActive: active,
          createdAt: now,
          updatedAt: now,
        });
      }),
    );
  }

  async update(idArg: string, input: unknown): Promise<Template> {
    const id = requireUuid(idArg, 'NotificationTemplate');
    const data = parseInput(updateSchema, input, 'input');
    return withTransactionRetry(() =>
      this.#em.fork().transactional(async (tx) => {
        const template = await tx.findOne(TemplateSchema, { id });
        if (!template) throw notFound('NotificationTemplate', id);
        const nextSubject = (data.subject === undefined ? template.subject : data.subject) ?? null;
        const nextContent = data.content ?? template.content;
        template.variables = checkTemplate(template.kind, template.channel, nextSubject, nextContent);
        template.subject = nextSubject;
        template.content = nextContent;
        if (data.isActive === true && !template.isActive)
          await retire(tx, template.kind, template.channel, template.language);
        if (data.isActive !== undefined && data.isActive !== null) template.isActive = data.isActive;
        template.updatedAt = new Date();
        return template;
      }),
    );
  }

  /** Inserts the default templates that do not exist yet (by name); safe from several processes at once. */
  async seedDefaults(): Promise<void> {
    const em = this.#em.fork();
    for (const template of DEFAULT_TEMPLATES) {
      const variables = checkTemplate(template.kind, template.channel, template.subject, template.content);
      // A kind whose channel already has an active template (an admin's) gets the default inactive.
      await run(em, insertDefaultTemplate, {
        id: randomUUID(),
        name: template.name,
        kind: template.kind,
        channel: template.channel,
        language: template.language,
        subject: template.subject,
        content: template.content,
        variables: JSON.stringify(variables),
      });
    }
  }
}

async function retire(tx: EntityManager, kind: string, channel: Channel, language: string): Promise<void> {
  await run(tx, retireActiveTemplate, { kind, channel, language });
}

/**
 * Validates a template's text for its kind and channel and returns the variables it uses. A
 * trigger kind's template may use only the variables its events carry (and the recipient's), so a
 * typo is refused when the admin saves it, not discovered when a customer's message fails.
 */
function checkTemplate(kind: string, channel: Channel, subjectText: string | null, contentText: string): string[] {
  if (subjectText && !CHANNELS_WITH_SUBJECT.includes(channel))
    throw badInput(`${channel} messages have no subject.`, 'input.subject');
  if (!subjectText && channel === 'EMAIL') throw badInput('An email template needs a subject.', 'input.subject');
  const used = new Set<string>();
  for (const [field, text] of [
    ['input.content', contentText],
    ['input.subject', subjectText],
  ] as const) {
    if (!text) continue;
    let variables: string[];
    try {
      variables = templateVariables(text);
    } catch (error) {
      if (error instanceof TemplateSyntaxError) throw badInput(`The template does not parse: ${error.message}`, field);
      throw error;
    }
    if (isNotificationKind(kind)) {
      const allowed: readonly string[] = [...NOTIFICATION_TRIGGERS[kind], ...RECIPIENT_VARIABLES];
      const unknown = variables.find((name) => !allowed.includes(name));
      if (unknown)
        throw badInput(`Unknown variable "${unknown}": ${kind} messages carry ${allowed.join(', ')}.`, field);
    }
    for (const name of variables) used.add(name);
  }
  return [...used].sort();
}
