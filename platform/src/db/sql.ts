import { CompiledQuery } from 'kysely';
import type { PreparedQuery } from '@pgtyped/runtime';
import type { EntityManager } from './database.ts';

/**
 * Runs raw SQL with its parameters bound ($1, $2, …), inside `em`'s transaction when it has one.
 *
 * Why not `em.execute()`: MikroORM 7 splices parameters into the SQL text (`Platform.formatQuery`,
 * called from `AbstractSqlConnection.execute`), which costs client CPU, gives PostgreSQL a new text
 * for every value, and turns a NUL byte in a string into a protocol error (08P01) instead of a data
 * error. `em.getKysely()` is MikroORM's own Kysely integration: bound to the EntityManager's
 * transaction, on the same pool and type parsers, and Kysely sends parameters separately.
 *
 * Write one `?` per parameter. Values bind as node-postgres binds them: an array is one PostgreSQL
 * array (`= any(?)`, not `in (?)`), a plain object is JSON, null and undefined are NULL, a Date is a
 * timestamp. Errors are converted like MikroORM's, so `UniqueConstraintViolationException` etc. still apply.
 */
export async function query<Row = Record<string, unknown>>(
  em: EntityManager,
  sql: string,
  params: readonly unknown[] = [],
): Promise<Row[]> {
  return (await executeSql<Row>(em, numberPlaceholders(sql, params.length), params)).rows;
}

/** Runs SQL already numbered ($1, $2, …) with its bindings; what `query`, `run` and the outbox's composed statements share. */
export async function executeSql<Row>(
  em: EntityManager,
  text: string,
  params: readonly unknown[],
): Promise<{ rows: Row[]; rowCount: number }> {
  const started = performance.now();
  try {
    const result = await em.getKysely<Record<string, never>>().executeQuery<Row>(CompiledQuery.raw(text, [...params]));
    return { rows: result.rows, rowCount: Number(result.numAffectedRows ?? result.rows.length) };
  } catch (error) {
    throw em.getDriver().convertException(error as Error);
  } finally {
    // MikroORM's logger counts the request's queries (see openDatabase); raw SQL counts too.
    em.config
      .getLogger()
      .logQuery({ query: text, params, took: Math.round(performance.now() - started), level: 'info' });
  }
}

/**
 * The one row a statement is sure to return — an aggregate without GROUP BY, a row a foreign key
 * guarantees — so its absence is a bug to report loudly, never a client's mistake.
 */
export async function queryOne<Row = Record<string, unknown>>(
  em: EntityManager,
  sql: string,
  params: readonly unknown[] = [],
): Promise<Row> {
  const [row] = await query<Row>(em, sql, params);
  if (!row) throw new Error(`expected a row, found none: ${sql.replace(/\s+/g, ' ').slice(0, 200)}`);
  return row;
}

/** `?` → `$n`. Our SQL has no `?` operators (jsonb's `?` would need `jsonb_exists`), so every `?` is a parameter. */
function numberPlaceholders(sql: string, expected: number): string {
  let index = 0;
  const text = sql.replace(/\?/g, () => `$${++index}`);
  if (index !== expected) throw new Error(`SQL has ${index} placeholders but ${expected} parameters were given`);
  return text;
}

/**
 * Runs one of a feature's typed statements: written in its `<feature>.sql`, typed from the database schema
 * in the `<feature>.queries.ts` beside it (`npm run sql-types`), executed like `query` (bound parameters,
 * `em`'s transaction, converted errors, counted).
 */
export async function run<Params, Result>(
  em: EntityManager,
  statement: PreparedQuery<Params, Result>,
  params: Params,
): Promise<Result[]> {
  return statement.run(params, { query: (text: string, values: unknown[]) => executeSql(em, text, values) });
}

/** `run` for the one row a statement is sure to return (see `queryOne`). */
export async function runOne<Params, Result>(
  em: EntityManager,
  statement: PreparedQuery<Params, Result>,
  params: Params,
): Promise<Result> {
  const [row] = await run(em, statement, params);
  if (!row) throw new Error('expected a row, found none');
  return row;
}
