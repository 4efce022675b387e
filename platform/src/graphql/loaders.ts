import DataLoader from 'dataloader';

/**
 * A request-scoped loader that fetches many keys in one query and hands each caller its own
 * row (or undefined), in key order as DataLoader requires.
 */
export function keyedLoader<T>(
  fetch: (keys: readonly string[]) => Promise<T[]>,
  keyOf: (row: T) => string,
): DataLoader<string, T | undefined> {
  return new DataLoader(async (keys) => {
    const rows = await fetch(keys);
    const byKey = new Map(rows.map((row) => [keyOf(row), row]));
    return keys.map((key) => byKey.get(key));
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
