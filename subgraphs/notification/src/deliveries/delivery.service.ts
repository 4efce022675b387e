import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  badInput,
  isUuid,
  newestFirst,
  notFound,
  pageRequest,
  parseInput,
  requireUuid,
  run,
  runOne,
  toConnection,
  type Connection,
  type EntityManager,
  type Principal,
} from '@showstream/platform';
import { CHANNELS, type Channel } from '../channels/channel.ts';
import { toE164 } from '../channels/provider-http.ts';
import { ContactSchema } from '../contacts/contact.entity.ts';
import { NOTIFICATION_TRIGGERS, isNotificationKind } from '@showstream/contracts';
import { RECIPIENT_VARIABLES } from '../templates/recipient-variables.ts';
import { TemplateSchema, type Template } from '../templates/template.entity.ts';
import { DELIVERY_STATUSES, DeliverySchema, type Delivery, type DeliveryStatus } from './delivery.entity.ts';
import { countActiveRecipients, insertBatch } from './deliveries.queries.ts';
import { queueForRecipient, queueForUsers, type QueueRequest } from './queue.ts';

const MAX_SCHEDULE_AHEAD_MS = 366 * 24 * 3_600_000;
const MAX_BULK_USERS = 10_000;

const phone = z
  .string()
  .trim()
  .refine((value) => toE164(value) !== undefined, 'Use the international form, e.g. +919876543210.');
const common = {
  kind: z
    .string()
    .trim()
    .regex(/^[A-Z][A-Z0-9_]{1,49}$/, 'Use an upper-case kind such as BOOKING_CONFIRMED or PROMOTION.'),
  variables: z
    .array(
      z.object({
        name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,49}$/, 'Variable names are letters, digits and _.'),
        value: z.string().max(2_000, 'Keep values under 2,000 characters.'),
      }),
    )
    .max(50)
    .nullish(),
  channels: z.array(z.enum(CHANNELS)).min(1, 'Name at least one channel, or leave channels out for all.').nullish(),
  scheduledAt: z
    .date()
    .refine((date) => date.getTime() < Date.now() + MAX_SCHEDULE_AHEAD_MS, 'Schedule at most a year ahead.')
    .nullish(),
};

const sendSchema = z
  .object({
    ...common,
    userId: z.string().nullish(),
    recipient: z
      .object({
        email: z.email('Enter a valid email address.').max(254).nullish(),
        phone: phone.nullish(),
        pushToken: z.string().trim().min(20, 'That is not a device token.').max(4_096).nullish(),
      })
      .nullish(),
  })
  .refine((input) => Boolean(input.userId) !== Boolean(input.recipient), {
    message: 'Give either userId or recipient.',
    path: ['userId'],
  });

const bulkSchema = z
  .object({
    ...common,
    userIds: z.array(z.string()).min(1).max(MAX_BULK_USERS).nullish(),
    allUsers: z.boolean().nullish(),
  })
  .refine((input) => Boolean(input.userIds) !== Boolean(input.allUsers), {
    message: 'Give either userIds or allUsers: true.',
    path: ['userIds'],
  });

export interface DeliveryFilter {
  userId?: string | null;
  recipient?: string | null;
  status?: DeliveryStatus | null;
  kind?: string | null;
}

/** Admins' sends and the delivery log. Sends are validated here and queued; the worker delivers. */
export class DeliveryService {
  readonly #em: EntityManager;
  readonly #wake: () => void;

  constructor(em: EntityManager, wake: () => void) {
    this.#em = em;
    this.#wake = wake;
  }

  /** One message to a user (their contacts and preferences apply) or to explicit addresses. */
  async send(input: unknown): Promise<boolean> {
    const data = parseInput(sendSchema, input, 'input');
    let addresses: Map<Channel, string> | undefined;
    let userId: string | undefined;
    if (data.recipient) {
      const { email, phone: number, pushToken } = data.recipient;
      addresses = new Map<Channel, string>();
      if (email) addresses.set('EMAIL', email);
      const e164 = number ? toE164(number) : undefined;
      if (e164) addresses.set('SMS', e164).set('WHATSAPP', e164);
      if (pushToken) addresses.set('PUSH', pushToken);
      if (addresses.size === 0) throw badInput('Give the recipient an email, phone or pushToken.', 'input.recipient');
      for (const channel of data.channels ?? []) {
        if (!addresses.has(channel))
          throw badInput(
            `${channel} needs ${channel === 'IN_APP' ? 'a userId' : `an address in recipient (${channel === 'EMAIL' ? 'email' : channel === 'PUSH' ? 'pushToken' : 'phone'})`}.`,
            'input.channels',
          );
      }
    } else {
      userId = requireUuid(data.userId ?? '', 'User');
      if (!(await this.#em.count(ContactSchema, { userId }))) throw notFound('User', userId);
    }
    const request = await this.#validated(data.kind, data.channels ?? null, data.variables, data.scheduledAt);
    if (addresses) {
      // Without channels named: every channel that has both a template and an address.
      for (const channel of [...addresses.keys()])
        if (!request.templateChannels.includes(channel)) addresses.delete(channel);
      if (addresses.size === 0)
        throw badInput(`${data.kind} has no active template for any of the recipient's addresses.`, 'input.recipient');
    }
    await this.#em
      .fork()
      .transactional((tx) =>
        addresses
          ? queueForRecipient(tx, `send:${randomUUID()}`, addresses, request)
          : queueForUsers(tx, `send:${randomUUID()}`, userId ? [userId] : [], request),
      );
    this.#wake();
    return true;
  }

  /**
   * A message to many users: recorded as one batch and answered at once with the number of
   * recipients; the worker expands it into deliveries in chunks, so a large audience never holds the request.
   */
  async sendBulk(principal: Principal, input: unknown): Promise<number> {
    const data = parseInput(bulkSchema, input, 'input');
    const userIds = data.userIds ? [...new Set(data.userIds.map((id) => id.toLowerCase()))] : null;
    const invalid = userIds?.find((id) => !isUuid(id));
    if (invalid) throw badInput(`${invalid} is not a user id.`, 'input.userIds');
    const request = await this.#validated(data.kind, data.channels ?? null, data.variables, data.scheduledAt);
    const count = await this.#em.fork().transactional(async (tx) => {
      const { recipients } = await runOne(tx, countActiveRecipients, { userIds });
      await run(tx, insertBatch, {
        id: randomUUID(),
        kind: request.kind,
        channels: request.templateChannels,
        variables: JSON.stringify(request.variables),
        userIds,
        scheduledAt: request.scheduledAt,
        recipientCount: recipients,
        requestedBy: principal.userId,
      });
      return recipients;
    });
    this.#wake();
    return count;
  }

  /**
   * The kind must have active templates on the channels asked for, and the variables must be the
   * ones its templates use: an unknown name is refused (a typo would otherwise vanish silently), and
   * so is a missing one.
   */
  async #validated(
    kind: string,
    channels: readonly Channel[] | null,
    given: { name: string; value: string }[] | null | undefined,
    scheduledAt: Date | null | undefined,
  ) {
    const templates: Template[] = await this.#em.find(TemplateSchema, { kind, isActive: true });
    const selected = templates.filter((template) => !channels || channels.includes(template.channel));
    if (selected.length === 0)
      throw badInput(
        `No active template for ${kind}${channels ? ` on ${channels.join(', ')}` : ''}.`,
        channels && templates.length > 0 ? 'input.channels' : 'input.kind',
      );
    const missingChannel = channels?.find((channel) => !selected.some((template) => template.channel === channel));
    if (missingChannel) throw badInput(`${kind} has no active ${missingChannel} template.`, 'input.channels');

    const variables: Record<string, string> = {};
    for (const { name, value } of given ?? []) variables[name] = value;
    const allowed = new Set<string>([
      ...RECIPIENT_VARIABLES,
      ...(isNotificationKind(kind) ? NOTIFICATION_TRIGGERS[kind] : templates.flatMap((template) => template.variables)),
    ]);
    const unknown = Object.keys(variables).find((name) => !allowed.has(name));
    if (unknown)
      throw badInput(
        `Unknown variable "${unknown}": ${kind} messages take ${[...allowed].sort().join(', ')}.`,
        'input.variables',
      );
    const missing = selected
      .flatMap((template) => template.variables)
      .find((name) => !(name in variables) && !(RECIPIENT_VARIABLES as readonly string[]).includes(name));
    if (missing) throw badInput(`Missing variable "${missing}", which the ${kind} template uses.`, 'input.variables');
    const request: QueueRequest & { templateChannels: Channel[] } = {
      kind,
      channels,
      variables,
      scheduledAt: scheduledAt && scheduledAt.getTime() > Date.now() ? scheduledAt : null,
      templateChannels: selected.map((template) => template.channel),
    };
    return request;
  }

  /** The delivery log, newest first (keyset on created_at, id). */
  async list(
    filter: DeliveryFilter,
    first: number | null | undefined,
    after: string | null | undefined,
  ): Promise<Connection<Delivery>> {
    if (filter.userId && !isUuid(filter.userId)) return toConnection([], pageRequest(first, after), 0, () => '');
    if (filter.status && !DELIVERY_STATUSES.includes(filter.status)) throw badInput('Unknown status.', 'status');
    const where = {
      ...(filter.userId ? { userId: filter.userId } : {}),
      ...(filter.recipient ? { recipient: filter.recipient } : {}),
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.kind ? { kind: filter.kind } : {}),
    };
    return newestFirst(this.#em, DeliverySchema, where, first, after);
  }
}
