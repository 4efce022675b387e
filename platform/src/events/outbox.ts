import { AsyncLocalStorage } from 'node:async_hooks';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from '../logging/logger.ts';
import { isTopic, type EventData, type EventEnvelope, type EventType, type Topic } from '@showstream/contracts';
import { executeSql, run, type Statement } from '../db/sql.ts';
import { createEnvelope, type NewEvent } from './envelope.ts';
import type { EventBus, OutgoingEvent } from './event-bus.ts';
import {
  deletePublishedOutboxEvents,
  insertOutboxEvent,
  markOutboxEventsPublished,
  pendingOutboxEvents,
  tryRelayLock,
  type PendingOutboxEventsResult,
} from './events.queries.ts';

/**
 * Writes events into the outbox table inside the caller's transaction, and wakes the relay
 * right after that transaction commits, so events go out without waiting for the next poll.
 */
export class Outbox {
  readonly #source: string;
  /** Transactions that wrote events and have not committed yet. */
  readonly #pending = new WeakSet<object>();

  constructor(source: string, orm?: MikroORM, relay?: Pick<OutboxRelay, 'wake'>) {
    this.#source = source;
    orm?.em.getEventManager().registerSubscriber({
      afterTransactionCommit: ({ transaction }) => {
        if (transaction && this.#pending.has(transaction)) relay?.wake();
      },
    });
  }

  /** Only the topic's own event types, each with its own data: a wrong name or field fails the type check. */
  async add<T extends Topic>(em: EntityManager, topic: T, event: NewEvent<T>): Promise<EventEnvelope> {
    const envelope = this.#envelope(em, event);
    await run(em, insertOutboxEvent, {
      id: envelope.id,
      topic,
      partitionKey: envelope.key,
      eventType: envelope.type,
      envelope: JSON.stringify(envelope),
    });
    this.#written(em);
    return envelope;
  }

  /**
   * Writes the event in one statement with the change it reports, so the two cost one round trip:
   * `change` is a data-modifying statement (a typed one, from a feature's .sql file) returning one row,
   * whose columns (the `K` of the event's data, e.g. the version the change assigned) are set into the
   * event's data. Returns what the change returned, or undefined (and no event) when it returned no row.
   */
  async addWith<T extends Topic, E extends EventType<T>, K extends keyof EventData<T, E>, Params>(
    em: EntityManager,
    topic: T,
    event: { type: E; key: string; data: Omit<EventData<T, E>, K> },
    change: Statement<Params, Pick<EventData<T, E>, K>>,
    params: Params,
  ): Promise<Pick<EventData<T, E>, K> | undefined> {
    const envelope = this.#envelope(em, event);
    let changed: Pick<EventData<T, E>, K> | undefined;
    // pgtyped hands the change's SQL and bindings to this connection, which wraps them in the outbox insert.
    await change.run(params, {
      query: async (changeSql: string, bindings: unknown[]) => {
        const next = bindings.length;
        const result = await executeSql<{ change: Pick<EventData<T, E>, K> }>(
          em,
          `with change as (${changeSql})
           insert into outbox_events (id, topic, partition_key, event_type, envelope)
           select $${next + 1}, $${next + 2}, $${next + 3}, $${next + 4},
                  e || jsonb_build_object('data', (e -> 'data') || to_jsonb(change))
           from change, (select $${next + 5}::jsonb as e) new_event
           returning (select to_jsonb(change) from change) as change`,
          [...bindings, envelope.id, topic, envelope.key, envelope.type, JSON.stringify(envelope)],
        );
        changed = result.rows[0]?.change;
        return result;
      },
    });
    if (changed) this.#written(em);
    return changed;
  }

  #envelope(em: EntityManager, event: { type: string; key: string; data: unknown }): EventEnvelope {
    if (!em.isInTransaction()) {
      // Outside a transaction the event could be written without its state change, or the reverse.
      throw new Error('Outbox.add must run inside em.transactional');
    }
    return createEnvelope(this.#source, event);
  }

  #written(em: EntityManager): void {
    const transaction = em.getTransactionContext();
    if (transaction) this.#pending.add(transaction);
  }
}

/**
 * An outbox row as the bus takes it. `Outbox.add` wrote it from a typed envelope; the bus routes by
 * the topic and the envelope's id, key and type, so those are checked here (cheaply: consumers parse
 * the whole envelope against its contract anyway).
 */
function outgoingEvent(row: PendingOutboxEventsResult): OutgoingEvent {
  const { topic, envelope } = row;
  if (!isTopic(topic) || !isEnvelope(envelope))
    throw new Error(`outbox row ${row.seq} is not an event of a known topic`);
  return { topic, envelope };
}

function isEnvelope(value: unknown): value is EventEnvelope {
  if (typeof value !== 'object' || value === null) return false;
  const { id, key, type } = value as Partial<Record<keyof EventEnvelope, unknown>>;
  return typeof id === 'string' && typeof key === 'string' && typeof type === 'string';
}

export interface OutboxRelayOptions {
  orm: MikroORM;
  bus: EventBus;
  logger: Logger;
  pollIntervalMs?: number;
  batchSize?: number;
  /** Published rows are kept this long for inspection, then deleted. */
  retentionMs?: number;
}

/**
 * Moves committed outbox rows to the bus in commit order, marking them published only after the
 * broker acknowledged them. One relay per database publishes at a time (advisory lock), which keeps
 * per-key order when a service runs several processes. When the bus is down rows wait and go out later.
 */
export class OutboxRelay {
  readonly #options: Required<OutboxRelayOptions>;
  readonly #logger: Logger;
  /**
   * Runs a tick in the context the relay was made in: a wake-up comes from inside a request, whose
   * trace and request id must not stick to the relay's later work (each event has its own).
   */
  readonly #detached = AsyncLocalStorage.snapshot();
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #wakeRequested = false;
  #stopped = false;
  #lastCleanup = 0;
  #failures = 0;

  constructor(options: OutboxRelayOptions) {
    this.#options = { pollIntervalMs: 250, batchSize: 500, retentionMs: 24 * 60 * 60 * 1000, ...options };
    this.#logger = options.logger.child({ component: 'outbox-relay' });
  }

  start(): void {
    this.#schedule(0);
  }

  /** False while publishing fails (the broker is unreachable): events wait in the table meanwhile. For readiness. */
  get publishing(): boolean {
    return this.#failures === 0;
  }

  /** Called after an outbox write so events go out without waiting for the next poll. */
  wake(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#wakeRequested = true;
      return;
    }
    this.#schedule(0);
  }

  #schedule(delayMs: number): void {
    if (this.#stopped) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(
      () =>
        this.#detached(() => {
          this.#running = this.#tick().finally(() => {
            this.#running = undefined;
          });
        }),
      delayMs,
    );
  }

  async #tick(): Promise<void> {
    let published = 0;
    try {
      published = await this.publishBatch();
      await this.#cleanup();
      this.#failures = 0;
    } catch (error) {
      this.#failures++;
      this.#logger.warn({ err: error, failures: this.#failures }, 'outbox relay could not publish; will retry');
    }
    const again = published === this.#options.batchSize || this.#wakeRequested;
    this.#wakeRequested = false;
    const backoff =
      this.#failures > 0
        ? Math.min(this.#options.pollIntervalMs * 2 ** this.#failures, 10_000)
        : this.#options.pollIntervalMs;
    this.#schedule(again && this.#failures === 0 ? 0 : backoff);
  }

  /** Publishes one batch; returns how many events went out. Exposed for tests and for draining at shutdown. */
  async publishBatch(): Promise<number> {
    const em = this.#options.orm.em.fork();
    return em.transactional(async (tx) => {
      const [lock] = await run(tx, tryRelayLock, undefined);
      if (!lock?.locked) return 0;
      const rows = await run(tx, pendingOutboxEvents, { limit: this.#options.batchSize });
      if (rows.length === 0) return 0;
      await this.#options.bus.publish(rows.map(outgoingEvent));
      await run(tx, markOutboxEventsPublished, { seqs: rows.map((row) => row.seq) });
      return rows.length;
    });
  }

  async #cleanup(): Promise<void> {
    if (Date.now() - this.#lastCleanup < 60_000) return;
    this.#lastCleanup = Date.now();
    await run(this.#options.orm.em.fork(), deletePublishedOutboxEvents, { retentionMs: this.#options.retentionMs });
  }

  /** Stops polling after a last attempt to publish what is already committed. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
    await this.publishBatch().catch((error) => this.#logger.warn({ err: error }, 'final outbox flush failed'));
  }
}
