import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { withTransactionRetry } from '../db/database.ts';
import { query } from '../db/sql.ts';
import { runInRequestScope } from '../logging/request-context.ts';
import type { EventEnvelope } from './envelope.ts';
import type { DeliveredEvent, EventHandler } from './event-bus.ts';
import type { Topic } from './topics.ts';

export type TransactionalEventHandler = (envelope: EventEnvelope, em: EntityManager, topic: Topic) => Promise<void>;

/**
 * Wraps a handler so each event is applied at most once per consumer: the event ids are recorded
 * in `processed_events` in the same transaction as the handler's effects, so a redelivery finds
 * them and does nothing, and a crash before commit leaves neither behind. A batch of events is
 * applied in one transaction with one inbox insert for all of them, which is where a consumer's
 * throughput comes from. With `types`, only those event types are handled.
 */
export function idempotentHandler(orm: MikroORM, consumer: string, handle: TransactionalEventHandler, options: { types?: readonly string[] } = {}): EventHandler {
  // Topics are shared: skip other event types without a transaction or an inbox row.
  const types = options.types ? new Set(options.types) : undefined;

  const apply = async (events: DeliveredEvent[]): Promise<void> => {
    const wanted = types ? events.filter(({ envelope }) => types.has(envelope.type)) : events;
    if (wanted.length === 0) return;
    // Deadlocks and serialization failures between concurrently consumed partitions are retried whole.
    await withTransactionRetry(() =>
      orm.em.fork().transactional(async (em) => {
        const inserted = await query<{ event_id: string }>(
          em,
          'insert into processed_events (consumer, event_id) select ?, unnest(?::uuid[]) on conflict do nothing returning event_id',
          [consumer, wanted.map(({ envelope }) => envelope.id)],
        );
        const fresh = new Set(inserted.map((row) => row.event_id));
        for (const { envelope, topic, traced } of wanted) {
          // A replayed event can stand twice in one batch: apply it once.
          if (!fresh.delete(envelope.id)) continue;
          await traced(() => runInRequestScope({ requestId: envelope.traceId }, () => handle(envelope, em, topic)));
          // Written before the next event of the batch runs: a handler that reloads a row (`refresh`, after
          // taking its lock) would otherwise overwrite this one's unflushed changes to it, and they would be lost.
          await em.flush();
        }
      }),
    );
  };

  const handler: EventHandler = (envelope, topic) => apply([{ envelope, topic, traced: (work) => work() }]);
  handler.batch = apply;
  return handler;
}
