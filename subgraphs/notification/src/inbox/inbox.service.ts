import {
  newestFirst,
  notFound,
  requireUuid,
  run,
  type Connection,
  type EntityManager,
  type Principal,
} from '@showstream/platform';
import { DeliverySchema, type Delivery } from '../deliveries/delivery.entity.ts';
import { markAllNotificationsRead, markNotificationRead } from './inbox.queries.ts';

/** The inbox: a user's IN_APP deliveries once sent. */
const inbox = (userId: string) => ({ userId, channel: 'IN_APP' as const, status: 'SENT' as const });

export class InboxService {
  readonly #em: EntityManager;

  constructor(em: EntityManager) {
    this.#em = em;
  }

  /** Newest first (keyset on created_at, id), with the unread count for a badge. */
  async list(
    userId: string,
    unreadOnly: boolean,
    first: number | null | undefined,
    after: string | null | undefined,
  ): Promise<Connection<Delivery> & { unreadCount: number }> {
    const where = { ...inbox(userId), ...(unreadOnly ? { readAt: null } : {}) };
    const [connection, unreadCount] = await Promise.all([
      newestFirst(this.#em, DeliverySchema, where, first, after),
      this.#em.fork().count(DeliverySchema, { ...inbox(userId), readAt: null }),
    ]);
    return { ...connection, unreadCount };
  }

  /** Marks one of the caller's notifications read; reading it again keeps the first time. Someone else's is not found, as if it did not exist. */
  async markRead(principal: Principal, idArg: string): Promise<Delivery> {
    const id = requireUuid(idArg, 'Notification');
    const [updated] = await run(this.#em, markNotificationRead, { id, userId: principal.userId });
    if (!updated) throw notFound('Notification', id);
    return this.#em.fork().findOneOrFail(DeliverySchema, { id });
  }

  async markAllRead(principal: Principal): Promise<number> {
    const rows = await run(this.#em, markAllNotificationsRead, { userId: principal.userId });
    return rows.length;
  }
}
