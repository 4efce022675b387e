import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { query } from '../db/sql.ts';
import { runInRequestScope } from '../logging/request-context.ts';
import type { EventEnvelope } from './envelope.ts';
import type { EventHandler } from './event-bus.ts';
import type { Topic } from './topics.ts';

export type TransactionalEventHandler = (envelope: EventEnvelope, em: EntityManager, topic: Topic) => Promise<void>;

/**
 * Wraps a handler so each event is applied at most once per consumer: the event id is recorded
 * in `processed_events` in the same transaction as the handler's effects, so a redelivery finds
 * it and does nothing, and a crash before commit leaves neither behind. With `types`, only those
 * event types are handled.
 */
export function idempotentHandler(orm: MikroORM, consumer: string, handle: TransactionalEventHandler, options: { types?: readonly string[] } = {}): EventHandler {
  // Topics are shared: skip other event types without a transaction or an inbox row.
  const types = options.types ? new Set(options.types) : undefined;
  return async (envelope, topic) => {
    if (types && !types.has(envelope.type)) return;
    await runInRequestScope({ requestId: envelope.traceId }, () =>
      orm.em.fork().transactional(async (em) => {
        const inserted = await query<{ event_id: string }>(
          em,
          'insert into processed_events (consumer, event_id) values (?, ?) on conflict do nothing returning event_id',
          [consumer, envelope.id],
        );
        if (inserted.length === 0) return;
        await handle(envelope, em, topic);
      }),
    );
  };
}
