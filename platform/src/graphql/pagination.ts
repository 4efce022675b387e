import { badInput } from '../errors/errors.ts';

/** Relay connection arguments after validation. */
export interface PageRequest {
  first: number;
  after?: { sortValue: string; id: string };
}

export const MAX_PAGE_SIZE = 100;

/** Cursors are opaque to clients: base64url of the sort value and id of the last row (keyset pagination). */
export function encodeCursor(sortValue: string, id: string): string {
  return Buffer.from(JSON.stringify([sortValue, id])).toString('base64url');
}

export function pageRequest(
  first: number | null | undefined,
  after: string | null | undefined,
  defaultSize = 20,
): PageRequest {
  const size = first ?? defaultSize;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw badInput(`first must be between 1 and ${MAX_PAGE_SIZE}.`, 'first');
  }
  if (!after) return { first: size };
  try {
    const decoded: unknown = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
    if (Array.isArray(decoded) && decoded.length === 2 && decoded.every((part) => typeof part === 'string')) {
      return { first: size, after: { sortValue: decoded[0] as string, id: decoded[1] as string } };
    }
  } catch {
    // fall through to the error below
  }
  throw badInput('after is not a cursor this API issued.', 'after');
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

/** Builds a connection from rows fetched with `first + 1` (the extra row only tells whether there is a next page). */
export function toConnection<T>(
  rows: T[],
  page: PageRequest,
  totalCount: number,
  cursorOf: (row: T) => string,
): Connection<T> {
  const nodes = rows.slice(0, page.first);
  const edges = nodes.map((node) => ({ cursor: cursorOf(node), node }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > page.first, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount,
  };
}
