import type { EntityName, FilterQuery } from '@mikro-orm/core';
import { badInput } from '../errors/errors.ts';
import { isUuid } from '../graphql/ids.ts';
import { encodeCursor, pageRequest, toConnection, type Connection } from '../graphql/pagination.ts';
import type { EntityManager } from './database.ts';

interface Timestamped {
  id: string;
  createdAt: Date;
}

const NEWEST_FIRST = { createdAt: 'desc', id: 'desc' } as const;

/**
 * One page of rows matching `where`, newest first, as a Relay connection: keyset pagination on
 * (created_at, id), so a page costs the same however deep it is and new rows never shift it.
 */
export async function newestFirst<T extends Timestamped>(
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<Connection<T>> {
  const page = pageRequest(first, after);
  if (page.after && (!isUuid(page.after.id) || Number.isNaN(Date.parse(page.after.sortValue))))
    throw badInput('after is not a cursor this API issued.', 'after');
  const olderThanCursor = page.after
    ? {
        $or: [
          { createdAt: { $lt: new Date(page.after.sortValue) } },
          { createdAt: new Date(page.after.sortValue), id: { $lt: page.after.id } },
        ],
      }
    : {};
  const [rows, totalCount] = await Promise.all([
    em.find(entity, { $and: [where, olderThanCursor] } as FilterQuery<T>, {
      orderBy: NEWEST_FIRST as never,
      limit: page.first + 1,
    }),
    em.fork().count(entity, where),
  ]);
  return toConnection(rows as T[], page, totalCount, (row) => encodeCursor(row.createdAt.toISOString(), row.id));
}
