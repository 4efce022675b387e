import {
  badInput,
  encodeCursor,
  isUuid,
  notFound,
  pageRequest,
  requireUuid,
  toConnection,
  type Connection,
  type EntityManager,
  type Principal,
} from '@showstream/platform';
import { DeliverySchema, type Delivery } from '../deliveries/delivery.entity.ts';

/** The inbox: a user's IN_APP deliveries once sent. */
const inbox = (userId: string) => ({ userId, channel: 'IN_APP' as const, status: 'SENT' as const });

export class InboxService {
  readonly #em: EntityManager;

  constructor(em: EntityManager) {
    this.#em = em;
  }

  /** Newest first (keyset on created_at, id), with the unread count for a badge. */
  async list(userId: string, unreadOnly: boolean, first: number | null | undefined, after: string | null | undefined): Promise<Connection<Delivery> & { unreadCount: number }> {
    const page = pageRequest(first, after);
    if (page.after && (!isUuid(page.after.id) || Number.isNaN(Date.parse(page.after.sortValue)))) throw badInput('after is not a cursor this API issued.', 'after');
    const where = { ...inbox(userId), ...(unreadOnly ? { readAt: null } : {}) };
    const cursor = page.after
      ? { $or: [{ createdAt: { $lt: new Date(page.after.sortValue) } }, { createdAt: new Date(page.after.sortValue), id: { $lt: page.after.id } }] }
      : {};
    const [rows, totalCount, unreadCount] = await Promise.all([
      this.#em.find(DeliverySchema, { $and: [where, cursor] }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: page.first + 1 }),
      this.#em.fork().count(DeliverySchema, where),
      this.#em.fork().count(DeliverySchema, { ...inbox(userId), readAt: null }),
    ]);
    return { ...toConnection(rows, page, totalCount, (row) => encodeCursor(row.createdAt.toISOString(), row.id)), unreadCount };
  }

  /** Marks one of the caller's notifications read; reading it again keeps the first time. Someone else's is not found, as if it did not exist. */
  async markRead(principal: Principal, idArg: string): Promise<Delivery> {
    const id = requireUuid(idArg, 'Notification');
    const [updated] = await this.#em.execute<{ id: string }[]>(
      "update notification_queue set read_at = coalesce(read_at, now()), updated_at = now() where id = ? and user_id = ? and channel = 'IN_APP' and status = 'SENT' returning id",
      [id, principal.userId],
    );
    if (!updated) throw notFound('Notification', id);
    return this.#em.fork().findOneOrFail(DeliverySchema, { id });
  }

  async markAllRead(principal: Principal): Promise<number> {
    const rows = await this.#em.execute<{ id: string }[]>(
      "update notification_queue set read_at = now(), updated_at = now() where user_id = ? and channel = 'IN_APP' and status = 'SENT' and read_at is null returning id",
      [principal.userId],
    );
    return rows.length;
  }
}
