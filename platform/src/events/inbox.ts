import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { withTransactionRetry } from '../db/database.ts';
import { run } from '../db/sql.ts';
import { runInRequestScope } from '../logging/request-context.ts';
import type { EventType, Topic, TopicEnvelope } from '@showstream/contracts';
import type { DeliveredEvent, EventHandler } from './event-bus.ts';
import { recordProcessedEvents } from './events.queries.ts';

export type TransactionalEventHandler<T extends Topic, E extends EventType<T> = EventType<T>> = (
  envelope: TopicEnvelope<T, E>,
  em: EntityManager,
  topic: T,
) => Promise<void>;

/**
 * Wraps a handler so each event is applied at most once per consumer: the event ids are recorded
 * in `processed_events` in the same transaction as the handler's effects, so a redelivery finds
 * them and does nothing, and a crash before commit leaves neither behind. A batch of events is
 * applied in one transaction with one inbox insert for all of them, which is where a consumer's
 * throughput comes from. With `types`, only those event types are handled (and `handle` sees only them).
 */
export function idempotentHandler<T extends Topic, E extends EventType<T> = EventType<T>>(
  orm: MikroORM,
  consumer: string,
  handle: TransactionalEventHandler<T, E>,
  options: { types?: readonly E[] } = {},
): EventHandler<T> {
  // Topics are shared: skip other event types without a transaction or an inbox row.
  const types = options.types ? new Set<string>(options.types) : undefined;
  const isWanted = (event: DeliveredEvent<T>): event is DeliveredEvent<T> & { envelope: TopicEnvelope<T, E> } =>
    !types || types.has(event.envelope.type);

  const apply = async (events: DeliveredEvent<T>[]): Promise<void> => {
    const wanted = events.filter(isWanted);
    if (wanted.length === 0) return;
    // Deadlocks and serialization failures between concurrently consumed partitions are retried whole.
    await withTransactionRetry(() =>
      orm.em.fork().transactional(async (em) => {
        const inserted = await run(em, recordProcessedEvents, {
          consumer,
          eventIds: wanted.map(({ envelope }) => envelope.id),
        });
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

  const handler: EventHandler<T> = (envelope, topic) => apply([{ envelope, topic, traced: (work) => work() }]);
  handler.batch = apply;
  return handler;
}
