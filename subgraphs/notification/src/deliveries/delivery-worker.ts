import { run, type EntityManager, type Lifecycle, type Logger, type Orm } from '@showstream/platform';
import {
  PREFERENCE_KEYS,
  PermanentDeliveryError,
  isChannel,
  type Channel,
  type SendResult,
} from '../channels/channel.ts';
import { UnregisteredDeviceError } from '../channels/fcm-push.channel.ts';
import type { ChannelAdapters } from '../channels/registry.ts';
import type { NotificationConfig } from '../config.ts';
import { RECIPIENT_VARIABLES } from '../templates/recipient-variables.ts';
import { TemplateRenderError, renderTemplate } from '../templates/template-renderer.ts';
import type { TicketAttachments } from './ticket-attachments.ts';
import {
  advanceBatch,
  claimDueDeliveries,
  completeBatch,
  deleteUnregisteredDevices,
  deliveryTemplate,
  lockPendingBatch,
  nextBatchUsers,
  pushTokensOfUser,
  recipientContact,
  settleFailed,
  settleRetry,
  settleSent,
  settleSkipped,
  templateTranslation,
  type ClaimDueDeliveriesResult,
  type DeliveryTemplateResult,
  type Json,
  type RecipientContactResult,
  type TemplateTranslationResult,
} from './deliveries.queries.ts';
import { queueForUsers } from './queue.ts';

/** How a delivery ends this attempt. */
type Outcome =
  | { kind: 'sent'; to: string; subject: string | null; body: string; result: SendResult }
  | { kind: 'skipped'; reason: string }
  | { kind: 'failed'; reason: string; to?: string; subject?: string | null; body?: string }
  | { kind: 'retry'; reason: string };

const CLAIM_BATCH = 20;
const BATCH_CHUNK = 500;

/** No address on file for a channel, in words for the delivery log. */
const NO_ADDRESS: Record<Channel, string> = {
  EMAIL: 'no email address on file',
  SMS: 'no phone number on file',
  WHATSAPP: 'no phone number on file',
  PUSH: 'no push device registered',
  IN_APP: 'no user',
};

/** A jsonb object's entries (a delivery's variables, a contact's preferences); a value that is no object has none. */
function jsonObject(value: Json): { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
}

/**
 * What one round's deliveries share, loaded once: a batch is mostly one template, and its
 * translation per language the recipients read.
 */
interface Round {
  templates: Map<string, Promise<DeliveryTemplateResult | undefined>>;
  translations: Map<string, Promise<TemplateTranslationResult | undefined>>;
}

function loadOnce<T>(cache: Map<string, Promise<T | undefined>>, key: string, load: () => Promise<T | undefined>) {
  let loaded = cache.get(key);
  if (!loaded) {
    loaded = load();
    cache.set(key, loaded);
  }
  return loaded;
}

export interface DeliveryWorkerOptions {
  orm: Orm;
  adapters: ChannelAdapters;
  config: NotificationConfig;
  logger: Logger;
  ticketAttachments: TicketAttachments;
}

/**
 * Drains the queue: claims due deliveries with FOR UPDATE SKIP LOCKED under a lease (a claimed
 * row's next_attempt_at moves past the lease, so a crashed worker's rows are claimed again),
 * resolves the recipient's current contact and preferences, renders, sends, and settles the row
 * only if it still holds the lease (status SENDING with the attempt it claimed). Failures are
 * retried with exponential backoff until NOTIFICATION_MAX_ATTEMPTS; permanent refusals fail at
 * once. One row's failure never holds up the others. Also expands bulk batches in chunks.
 */
export class DeliveryWorker {
  readonly #options: DeliveryWorkerOptions;
  readonly #logger: Logger;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #wakeRequested = false;
  #stopped = false;

  constructor(options: DeliveryWorkerOptions) {
    this.#options = options;
    this.#logger = options.logger.child({ component: 'notification-worker' });
  }

  start(lifecycle: Lifecycle): void {
    this.#schedule(0);
    lifecycle.onShutdown('notification worker', async () => {
      this.#stopped = true;
      clearTimeout(this.#timer);
      await this.#running;
    });
  }

  /** Called after a transaction that queued something commits, so it goes out without waiting for the next poll. */
  wake(): void {
    if (this.#stopped) return;
    if (this.#running) this.#wakeRequested = true;
    else this.#schedule(0);
  }

  #schedule(delayMs: number): void {
    if (this.#stopped) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#running = this.#tick().finally(() => {
        this.#running = undefined;
      });
    }, delayMs);
  }

  async #tick(): Promise<void> {
    let busy = false;
    try {
      busy = (await this.runOnce()) > 0;
    } catch (error) {
      this.#logger.warn({ err: error }, 'notification worker run failed; will retry');
    }
    const again = busy || this.#wakeRequested;
    this.#wakeRequested = false;
    this.#schedule(again ? 0 : this.#options.config.NOTIFICATION_POLL_MS);
  }

  /** One round: a chunk of a bulk batch, then a batch of due deliveries. Returns how much work it found. */
  async runOnce(): Promise<number> {
    const expanded = await this.#expandBatch();
    const claimed = await this.#claim();
    const round: Round = { templates: new Map(), translations: new Map() };
    await Promise.all(claimed.map((row) => this.#deliver(row, round)));
    return expanded + claimed.length;
  }

  #claim(): Promise<ClaimDueDeliveriesResult[]> {
    return this.#options.orm.em
      .fork()
      .transactional((tx) =>
        run(tx, claimDueDeliveries, { leaseMs: this.#options.config.NOTIFICATION_LEASE_MS, limit: CLAIM_BATCH }),
      );
  }

  async #deliver(row: ClaimDueDeliveriesResult, round: Round): Promise<void> {
    const em = this.#options.orm.em.fork();
    let outcome: Outcome;
    try {
      const template = await loadOnce(round.templates, row.template_id, () =>
        run(em, deliveryTemplate, { templateId: row.template_id }).then((rows) => rows[0]),
      );
      if (!template) throw new Error(`template ${row.template_id} not found`);
      outcome = await this.#attempt(em, row, template, round);
    } catch (error) {
      outcome = { kind: 'retry', reason: (error as Error).message || String(error) };
    }
    try {
      await this.#settle(em, row, outcome);
    } catch (error) {
      // Left SENDING: the lease runs out and the row is claimed again.
      this.#logger.error({ err: error, deliveryId: row.id }, 'could not record a delivery outcome');
    }
  }

  async #attempt(
    em: EntityManager,
    row: ClaimDueDeliveriesResult,
    queuedTemplate: DeliveryTemplateResult,
    round: Round,
  ): Promise<Outcome> {
    let template: Pick<DeliveryTemplateResult, 'subject' | 'template_content'> = queuedTemplate;
    // The language of the template sent, for the dates and times its helpers write.
    let locale = 'en-IN';
    const { channel } = row;
    // The schema allows only the known channels; one this code did not know would have no provider.
    if (!isChannel(channel))
      return { kind: 'skipped', reason: `CHANNEL_NOT_CONFIGURED: no ${channel} provider is configured.` };
    let recipients: string[];
    let recipientVariables: Record<string, string> = Object.fromEntries(RECIPIENT_VARIABLES.map((name) => [name, '']));
    if (row.user_id) {
      const userId = row.user_id;
      const [contact] = await run(em, recipientContact, { userId });
      // user-events and notification-events are separate topics: a new user's contact may arrive after their first message.
      if (!contact) return { kind: 'retry', reason: 'The user is not known to the notification service yet.' };
      if (!contact.is_active) return { kind: 'skipped', reason: 'ACCOUNT_DEACTIVATED: the account is deactivated.' };
      if (!jsonObject(contact.preferences)[PREFERENCE_KEYS[channel]]) {
        return { kind: 'skipped', reason: `OPTED_OUT: the user turned off ${channel} notifications.` };
      }
      recipients = await this.#addresses(em, channel, userId, contact);
      if (recipients.length === 0) return { kind: 'skipped', reason: `NO_ADDRESS: ${NO_ADDRESS[channel]}.` };
      recipientVariables = { firstName: contact.first_name ?? '', lastName: contact.last_name ?? '' };
      // The queued (English) template, or its translation into the language the user reads.
      if (contact.language && contact.language !== 'en') {
        const language = contact.language;
        const translation = await loadOnce(round.translations, `${row.template_id} ${language}`, () =>
          run(em, templateTranslation, { templateId: row.template_id, language }).then((rows) => rows[0]),
        );
        if (translation) {
          template = translation;
          locale = contact.language;
        }
      }
    } else {
      // A message to an address rather than a user (sendNotification's `to`).
      if (!row.recipient_contact) return { kind: 'skipped', reason: `NO_ADDRESS: ${NO_ADDRESS[channel]}.` };
      recipients = [row.recipient_contact];
    }
    const adapter = this.#options.adapters.get(channel);
    if (!adapter) return { kind: 'skipped', reason: `CHANNEL_NOT_CONFIGURED: no ${channel} provider is configured.` };

    const to = recipients.join(',').slice(0, 4_096);
    let subject: string | null;
    let body: string;
    const variables = { ...recipientVariables, ...jsonObject(row.variables) };
    try {
      subject = template.subject ? renderTemplate(template.subject, variables, locale) : null;
      body = renderTemplate(template.template_content, variables, locale);
    } catch (error) {
      if (error instanceof TemplateRenderError)
        return { kind: 'failed', reason: `The template could not be rendered: ${error.message}`, to };
      throw error;
    }

    const attachments = channel === 'EMAIL' ? await this.#options.ticketAttachments.of(variables) : [];
    // A push goes to each of the user's devices; it is delivered when one of them took it.
    const results = await Promise.allSettled(
      recipients.map((address) =>
        adapter.send(
          {
            deliveryId: row.id,
            userId: row.user_id,
            to: address,
            subject,
            body,
            createdAt: new Date(row.created_at),
            attachments,
          },
          AbortSignal.timeout(this.#options.config.NOTIFICATION_SEND_TIMEOUT_MS),
        ),
      ),
    );
    const gone = recipients.filter((_, index) => {
      const result = results[index];
      return result?.status === 'rejected' && result.reason instanceof UnregisteredDeviceError;
    });
    if (gone.length > 0) await run(em, deleteUnregisteredDevices, { tokens: gone });
    const sent = results.find((result): result is PromiseFulfilledResult<SendResult> => result.status === 'fulfilled');
    if (sent) return { kind: 'sent', to, subject, body, result: sent.value };
    const errors = results.map((result) => (result as PromiseRejectedResult).reason as Error);
    const reason = errors.map((error) => error.message).join('; ');
    return errors.every((error) => error instanceof PermanentDeliveryError)
      ? { kind: 'failed', reason, to, subject, body }
      : { kind: 'retry', reason };
  }

  async #addresses(
    em: EntityManager,
    channel: Channel,
    userId: string,
    contact: RecipientContactResult,
  ): Promise<string[]> {
    switch (channel) {
      case 'EMAIL':
        return contact.email ? [contact.email] : [];
      case 'SMS':
      case 'WHATSAPP':
        return contact.phone ? [contact.phone] : [];
      case 'PUSH':
        return (await run(em, pushTokensOfUser, { userId })).map((device) => device.token);
      case 'IN_APP':
        return [userId];
    }
  }

  /** Records the attempt's outcome if this worker still holds the row's lease; otherwise another worker owns it now. */
  async #settle(em: EntityManager, row: ClaimDueDeliveriesResult, outcome: Outcome): Promise<void> {
    const { NOTIFICATION_MAX_ATTEMPTS: maxAttempts } = this.#options.config;
    const guard = { id: row.id, attempts: row.attempts };
    const reason = (text: string) => text.slice(0, 2_000);
    switch (outcome.kind) {
      case 'sent':
        await run(em, settleSent, {
          ...guard,
          recipientContact: outcome.to,
          subject: outcome.subject,
          messageContent: outcome.body,
          deliveryStatus: outcome.result.deliveryStatus.slice(0, 60),
          providerMessageId: outcome.result.providerMessageId?.slice(0, 255) ?? null,
        });
        return;
      case 'skipped':
        await run(em, settleSkipped, { ...guard, reason: reason(outcome.reason) });
        return;
      case 'failed':
        this.#logger.warn(
          { deliveryId: row.id, channel: row.channel, reason: outcome.reason },
          'notification delivery failed permanently',
        );
        await run(em, settleFailed, {
          ...guard,
          reason: reason(outcome.reason),
          recipientContact: outcome.to ?? null,
          subject: outcome.subject ?? null,
          messageContent: outcome.body ?? null,
        });
        return;
      case 'retry': {
        if (row.attempts >= maxAttempts)
          return this.#settle(em, row, {
            kind: 'failed',
            reason: `Gave up after ${row.attempts} attempts: ${outcome.reason}`,
          });
        const delayMs = this.backoffMs(row.attempts);
        this.#logger.info(
          { deliveryId: row.id, channel: row.channel, attempt: row.attempts, delayMs, reason: outcome.reason },
          'notification delivery will be retried',
        );
        await run(em, settleRetry, { ...guard, reason: reason(outcome.reason), delayMs });
        return;
      }
    }
  }

  /** Exponential backoff after the n-th attempt: base · 2^(n-1), capped, plus up to 20 % jitter so retries of one outage spread out. */
  backoffMs(attempt: number): number {
    const { NOTIFICATION_RETRY_BASE_MS: base, NOTIFICATION_RETRY_MAX_MS: max } = this.#options.config;
    const delay = Math.min(base * 2 ** (attempt - 1), max);
    return Math.round(delay * (1 + Math.random() * 0.2));
  }

  /**
   * Queues the next chunk of one pending bulk batch (users in id order after its cursor), in one
   * transaction with the cursor, so a crash repeats at most a chunk whose rows already exist (and are not queued twice).
   */
  async #expandBatch(): Promise<number> {
    return this.#options.orm.em.fork().transactional(async (tx) => {
      const [batch] = await run(tx, lockPendingBatch, undefined);
      if (!batch) return 0;
      const users = await run(tx, nextBatchUsers, {
        userIds: batch.user_ids,
        queuedThrough: batch.queued_through,
        limit: BATCH_CHUNK,
      });
      const userIds = users.map((user) => user.user_id);
      await queueForUsers(tx, `batch:${batch.id}`, userIds, {
        kind: batch.template_type,
        // A name that is no channel could match no template (the schema checks theirs): leaving it out changes nothing.
        channels: batch.channels.filter(isChannel),
        variables: jsonObject(batch.variables),
        scheduledAt: batch.scheduled_at ? new Date(batch.scheduled_at) : null,
      });
      const last = userIds.at(-1);
      if (last === undefined || userIds.length < BATCH_CHUNK) {
        await run(tx, completeBatch, { id: batch.id, queuedThrough: last ?? null });
      } else {
        await run(tx, advanceBatch, { id: batch.id, queuedThrough: last });
      }
      // Even an empty last chunk is work done: the caller looks again at once.
      return userIds.length + 1;
    });
  }
}
