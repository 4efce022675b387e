import { CompiledQuery } from 'kysely';
import type { IDatabaseConnection } from '@pgtyped/runtime';
import type { EntityManager } from './database.ts';

/** A statement pgtyped typed: a generated `PreparedQuery` (or a `sql` tagged template's `TaggedQuery`). */
export interface Statement<Params, Result> {
  run(params: Params, connection: IDatabaseConnection): Promise<Result[]>;
}

/**
 * Runs one of a feature's typed statements: written in its `<feature>.sql`, typed from the database schema
 * in the `<feature>.queries.ts` beside it (`npm run sql-types`), inside `em`'s transaction when it has one.
 */
export async function run<Params, Result>(
  em: EntityManager,
  statement: Statement<Params, Result>,
  params: Params,
): Promise<Result[]> {
  return statement.run(params, { query: (text: string, values: unknown[]) => executeSql(em, text, values) });
}

/**
 * `run` for the one row a statement is sure to return — an aggregate without GROUP BY, a row a foreign key
 * guarantees — so its absence is a bug to report loudly, never a client's mistake.
 */
export async function runOne<Params, Result>(
  em: EntityManager,
  statement: Statement<Params, Result>,
  params: Params,
): Promise<Result> {
  const [row] = await run(em, statement, params);
  if (!row) throw new Error('expected a row, found none');
  return row;
}

/**
 * Runs SQL with its parameters bound ($1, $2, …): what `run` and the outbox's composed statement share.
 *
 * Why not `em.execute()`: MikroORM 7 splices parameters into the SQL text (`Platform.formatQuery`,
 * called from `AbstractSqlConnection.execute`), which costs client CPU, gives PostgreSQL a new text
 * for every value, and turns a NUL byte in a string into a protocol error (08P01) instead of a data
 * error. `em.getKysely()` is MikroORM's own Kysely integration: bound to the EntityManager's
 * transaction, on the same pool and type parsers, and Kysely sends parameters separately.
 *
 * Values bind as node-postgres binds them: an array is one PostgreSQL array (`= any(:ids)`), a plain
 * object is JSON, null and undefined are NULL, a Date is a timestamp. Errors are converted like
 * MikroORM's, so `UniqueConstraintViolationException` etc. still apply.
 */
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
