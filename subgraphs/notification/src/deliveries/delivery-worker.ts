import { query, type EntityManager, type Lifecycle, type Logger, type Orm } from '@showstream/platform';
import { PREFERENCE_KEYS, PermanentDeliveryError, type Channel, type SendResult } from '../channels/channel.ts';
import { UnregisteredDeviceError } from '../channels/fcm-push.channel.ts';
import type { ChannelAdapters } from '../channels/registry.ts';
import type { ChannelPreferences } from '../contacts/contact.entity.ts';
import type { NotificationConfig } from '../config.ts';
import { RECIPIENT_VARIABLES } from '../templates/recipient-variables.ts';
import { TemplateRenderError, renderTemplate } from '../templates/template-renderer.ts';
import { queueForUsers } from './queue.ts';

interface ClaimedRow {
  id: string;
  user_id: string | null;
  template_id: string;
  channel: Channel;
  recipient_contact: string | null;
  variables: Record<string, unknown>;
  attempts: number;
  /** Raw queries return timestamps as strings. */
  created_at: string;
}

interface ContactRow {
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  phone: string | null;
  is_active: boolean;
  preferences: ChannelPreferences;
}

interface TemplateRow {
  subject: string | null;
  template_content: string;
}

interface BatchRow {
  id: string;
  template_type: string;
  channels: Channel[];
  variables: Record<string, unknown>;
  user_ids: string[] | null;
  scheduled_at: string | null;
  queued_through: string | null;
}

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

export interface DeliveryWorkerOptions {
  orm: Orm;
  adapters: ChannelAdapters;
  config: NotificationConfig;
  logger: Logger;
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
    const templates = new Map<string, Promise<TemplateRow | undefined>>();
    await Promise.all(claimed.map((row) => this.#deliver(row, templates)));
    return expanded + claimed.length;
  }

  #claim(): Promise<ClaimedRow[]> {
    return this.#options.orm.em.fork().transactional((tx) =>
      query<ClaimedRow>(
        tx,
        `update notification_queue set status = 'SENDING', attempts = attempts + 1, updated_at = now(),
           next_attempt_at = now() + ? * interval '1 millisecond'
         where id in (select id from notification_queue where status in ('QUEUED', 'SENDING') and next_attempt_at <= now()
                      order by next_attempt_at limit ? for update skip locked)
         returning id, user_id, template_id, channel, recipient_contact, variables, attempts, created_at`,
        [this.#options.config.NOTIFICATION_LEASE_MS, CLAIM_BATCH],
      ),
    );
  }

  async #deliver(row: ClaimedRow, templates: Map<string, Promise<TemplateRow | undefined>>): Promise<void> {
    const em = this.#options.orm.em.fork();
    let outcome: Outcome;
    try {
      if (!templates.has(row.template_id)) {
        templates.set(
          row.template_id,
          query<TemplateRow>(em, 'select subject, template_content from notification_templates where id = ?', [
            row.template_id,
          ]).then((rows) => rows[0]),
        );
      }
      const template = await templates.get(row.template_id);
      if (!template) throw new Error(`template ${row.template_id} not found`);
      outcome = await this.#attempt(em, row, template);
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

  async #attempt(em: EntityManager, row: ClaimedRow, template: TemplateRow): Promise<Outcome> {
    let recipients: string[];
    let recipientVariables: Record<string, string> = Object.fromEntries(RECIPIENT_VARIABLES.map((name) => [name, '']));
    if (row.user_id) {
      const userId = row.user_id;
      const [contact] = await query<ContactRow>(
        em,
        'select email, first_name, last_name, phone, is_active, preferences from user_contacts where user_id = ?',
        [row.user_id],
      );
      // user-events and notification-events are separate topics: a new user's contact may arrive after their first message.
      if (!contact) return { kind: 'retry', reason: 'The user is not known to the notification service yet.' };
      if (!contact.is_active) return { kind: 'skipped', reason: 'ACCOUNT_DEACTIVATED: the account is deactivated.' };
      if (!contact.preferences[PREFERENCE_KEYS[row.channel] as keyof ChannelPreferences]) {
        return { kind: 'skipped', reason: `OPTED_OUT: the user turned off ${row.channel} notifications.` };
      }
      recipients = await this.#addresses(em, row.channel, userId, contact);
      if (recipients.length === 0) return { kind: 'skipped', reason: `NO_ADDRESS: ${NO_ADDRESS[row.channel]}.` };
      recipientVariables = { firstName: contact.first_name ?? '', lastName: contact.last_name ?? '' };
    } else {
      // A message to an address rather than a user (sendNotification's `to`).
      if (!row.recipient_contact) return { kind: 'skipped', reason: `NO_ADDRESS: ${NO_ADDRESS[row.channel]}.` };
      recipients = [row.recipient_contact];
    }
    const adapter = this.#options.adapters.get(row.channel);
    if (!adapter)
      return { kind: 'skipped', reason: `CHANNEL_NOT_CONFIGURED: no ${row.channel} provider is configured.` };

    const to = recipients.join(',').slice(0, 4_096);
    let subject: string | null;
    let body: string;
    try {
      const variables = { ...recipientVariables, ...row.variables };
      subject = template.subject ? renderTemplate(template.subject, variables) : null;
      body = renderTemplate(template.template_content, variables);
    } catch (error) {
      if (error instanceof TemplateRenderError)
        return { kind: 'failed', reason: `The template could not be rendered: ${error.message}`, to };
      throw error;
    }

    // A push goes to each of the user's devices; it is delivered when one of them took it.
    const results = await Promise.allSettled(
      recipients.map((address) =>
        adapter.send(
          { deliveryId: row.id, userId: row.user_id, to: address, subject, body, createdAt: new Date(row.created_at) },
          AbortSignal.timeout(this.#options.config.NOTIFICATION_SEND_TIMEOUT_MS),
        ),
      ),
    );
    const gone = recipients.filter((_, index) => {
      const result = results[index];
      return result?.status === 'rejected' && result.reason instanceof UnregisteredDeviceError;
    });
    if (gone.length > 0) await query(em, 'delete from push_devices where token = any(?)', [gone]);
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
    channel: ClaimedRow['channel'],
    userId: string,
    contact: ContactRow,
  ): Promise<string[]> {
    switch (channel) {
      case 'EMAIL':
        return contact.email ? [contact.email] : [];
      case 'SMS':
      case 'WHATSAPP':
        return contact.phone ? [contact.phone] : [];
      case 'PUSH':
        return (
          await query<{ token: string }>(
            em,
            'select token from push_devices where user_id = ? order by last_seen_at desc limit 10',
            [userId],
          )
        ).map((device) => device.token);
      case 'IN_APP':
        return [userId];
    }
  }

  /** Records the attempt's outcome if this worker still holds the row's lease; otherwise another worker owns it now. */
  async #settle(em: EntityManager, row: ClaimedRow, outcome: Outcome): Promise<void> {
    const { NOTIFICATION_MAX_ATTEMPTS: maxAttempts } = this.#options.config;
    const guard = [row.id, row.attempts] as const;
    const reason = (text: string) => text.slice(0, 2_000);
    switch (outcome.kind) {
      case 'sent':
        await query(
          em,
          `update notification_queue set status = 'SENT', sent_at = now(), updated_at = now(), recipient_contact = ?, subject = ?, message_content = ?,
             delivery_status = ?, provider_message_id = ?, status_reason = null
           where id = ? and status = 'SENDING' and attempts = ?`,
          [
            outcome.to,
            outcome.subject,
            outcome.body,
            outcome.result.deliveryStatus.slice(0, 60),
            outcome.result.providerMessageId?.slice(0, 255) ?? null,
            ...guard,
          ],
        );
        return;
      case 'skipped':
        await query(
          em,
          "update notification_queue set status = 'SKIPPED', status_reason = ?, updated_at = now() where id = ? and status = 'SENDING' and attempts = ?",
          [reason(outcome.reason), ...guard],
        );
        return;
      case 'failed':
        this.#logger.warn(
          { deliveryId: row.id, channel: row.channel, reason: outcome.reason },
          'notification delivery failed permanently',
        );
        await query(
          em,
          `update notification_queue set status = 'FAILED', status_reason = ?, updated_at = now(), recipient_contact = coalesce(?, recipient_contact),
             subject = coalesce(?, subject), message_content = coalesce(?, message_content)
           where id = ? and status = 'SENDING' and attempts = ?`,
          [reason(outcome.reason), outcome.to ?? null, outcome.subject ?? null, outcome.body ?? null, ...guard],
        );
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
        await query(
          em,
          `update notification_queue set status = 'QUEUED', status_reason = ?, updated_at = now(), next_attempt_at = now() + ? * interval '1 millisecond'
           where id = ? and status = 'SENDING' and attempts = ?`,
          [reason(outcome.reason), delayMs, ...guard],
        );
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
      const [batch] = await query<BatchRow>(
        tx,
        "select id, template_type, channels, variables, user_ids, scheduled_at, queued_through from notification_batches where status = 'PENDING' order by created_at limit 1 for update skip locked",
      );
      if (!batch) return 0;
      const users = await query<{ user_id: string }>(
        tx,
        `select user_id from user_contacts where is_active and (?::uuid[] is null or user_id = any(?::uuid[])) and (?::uuid is null or user_id > ?::uuid)
         order by user_id limit ?`,
        [batch.user_ids, batch.user_ids, batch.queued_through, batch.queued_through, BATCH_CHUNK],
      );
      const userIds = users.map((user) => user.user_id);
      await queueForUsers(tx, `batch:${batch.id}`, userIds, {
        kind: batch.template_type,
        channels: batch.channels,
        variables: batch.variables,
        scheduledAt: batch.scheduled_at ? new Date(batch.scheduled_at) : null,
      });
      if (userIds.length < BATCH_CHUNK) {
        await query(
          tx,
          "update notification_batches set status = 'DONE', completed_at = now(), queued_through = coalesce(?, queued_through) where id = ?",
          [userIds.at(-1) ?? null, batch.id],
        );
      } else {
        await query(tx, 'update notification_batches set queued_through = ? where id = ?', [userIds.at(-1), batch.id]);
      }
      // Even an empty last chunk is work done: the caller looks again at once.
      return userIds.length + 1;
    });
  }
}
