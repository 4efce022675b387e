import DataLoader from 'dataloader';

/**
 * A request-scoped loader that fetches many keys in one query and hands each caller its own
 * row (or null, which is how GraphQL says "none"), in key order as DataLoader requires.
 */
export function keyedLoader<T>(
  fetch: (keys: readonly string[]) => Promise<T[]>,
  keyOf: (row: T) => string,
): DataLoader<string, T | null> {
  return new DataLoader(async (keys) => {
    const rows = await fetch(keys);
    const byKey = new Map(rows.map((row) => [keyOf(row), row]));
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

/** Like keyedLoader, for one-to-many: every key gets the (possibly empty) list of its rows. */
export function groupedLoader<T>(
  fetch: (keys: readonly string[]) => Promise<T[]>,
  keyOf: (row: T) => string,
): DataLoader<string, T[]> {
  return new DataLoader(async (keys) => {
    const rows = await fetch(keys);
    const byKey = new Map<string, T[]>();
    for (const row of rows) byKey.set(keyOf(row), [...(byKey.get(keyOf(row)) ?? []), row]);
    return keys.map((key) => byKey.get(key) ?? []);
  });
}

/**
 * Loads a row a non-null field points at (a foreign key guarantees it): a missing one is a bug to
 * report, never a null in a field the schema promises.
 */
export async function loadExisting<T>(loader: DataLoader<string, T | null>, id: string, what: string): Promise<T> {
  const row = await loader.load(id);
  if (row === null) throw new Error(`${what} ${id} not found`);
  return row;
}
