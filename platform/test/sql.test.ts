import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Migration } from '@mikro-orm/migrations';
import { UniqueConstraintViolationException, defineEntity, p } from '@mikro-orm/core';
import { GraphQLError } from 'graphql';
import {
  createErrorFormatter,
  createLogger,
  openDatabase,
  query,
  runInRequestScope,
  currentRequestScope,
  type Orm,
} from '../src/index.ts';
import { TEST_DB_PREFIX, testEnvironment } from '@showstream/testkit';

/**
 * Raw SQL through `query` against real PostgreSQL: parameters are bound, not spliced into the text,
 * and what PostgreSQL refuses as unstorable text reaches the client as BAD_USER_INPUT, not as an outage.
 */
class NotesMigration extends Migration {
  override up(): void {
    this.addSql(
      'create table notes (id uuid primary key, title text not null, body jsonb, tags text[], written_at timestamptz)',
    );
  }
}
const NoteSchema = defineEntity({
  name: 'Note',
  tableName: 'notes',
  properties: {
    id: p.uuid().primary(),
    title: p.text(),
    body: p.json<Record<string, unknown>>().nullable(),
    tags: p.array().nullable(),
    writtenAt: p.datetime().nullable(),
  },
});

const lines: { level: number; msg: string }[] = [];
const logger = createLogger(
  'sql-test',
  'debug',
  new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(JSON.parse(chunk.toString())), done()) }),
);
const format = createErrorFormatter(logger);
let orm: Orm;

beforeAll(async () => {
  orm = await openDatabase({
    serverUrl: testEnvironment().postgresUrl,
    databaseName: `${TEST_DB_PREFIX}platform_sql`,
    entities: [NoteSchema],
    migrations: [{ name: 'Migration1_notes', class: NotesMigration }],
    logger: createLogger('sql-test', 'silent'),
  });
});

afterAll(async () => {
  await orm.close();
});

/** What a subgraph's formatError makes of `thrown` when a resolver throws it, and the log lines it leaves. */
async function asClientSees(
  work: () => Promise<unknown>,
): Promise<{ code: unknown; message: string; errorLines: number }> {
  const thrown = await work().then(
    () => {
      throw new Error('expected the database to refuse');
    },
    (error: unknown) => error as Error,
  );
  const before = lines.length;
  const error = new GraphQLError(thrown.message, { originalError: thrown, path: ['probe'] });
  const formatted = format(error.toJSON(), error);
  return {
    code: formatted.extensions?.code,
    message: formatted.message,
    errorLines: lines.slice(before).filter((line) => line.level >= 50).length,
  };
}

const id = () => crypto.randomUUID();

describe('query', () => {
  it('binds values of every kind and reads them back as they were', async () => {
    const written = new Date('2026-03-01T10:15:30.250Z');
    const noteId = id();
    const title = `O'Brien \\ 50% ? $1 --`;
    await query(orm.em.fork(), 'insert into notes (id, title, body, tags, written_at) values (?, ?, ?, ?, ?)', [
      noteId,
      title,
      { nested: ['a', 1] },
      ['x', 'y,z'],
      written,
    ]);
    // Rows come back as em.execute() gave them: MikroORM's type parsers leave timestamps as text for it to hydrate.
    const [row] = await query<{ title: string; body: unknown; tags: string[]; written_at: string; absent: null }>(
      orm.em.fork(),
      'select title, body, tags, written_at, ?::text as absent from notes where id = any(?) and ? = any(tags)',
      [null, [noteId, id()], 'y,z'],
    );
    expect({ ...row, written_at: new Date(row!.written_at) }).toEqual({
      title,
      body: { nested: ['a', 1] },
      tags: ['x', 'y,z'],
      written_at: written,
      absent: null,
    });
  });

  it('runs inside the EntityManager’s transaction, and its errors are MikroORM’s', async () => {
    const noteId = id();
    await expect(
      orm.em.fork().transactional(async (tx) => {
        await query(tx, 'insert into notes (id, title) values (?, ?)', [noteId, 'draft']);
        expect(await query(tx, 'select id from notes where id = ?', [noteId])).toHaveLength(1);
        await query(tx, 'insert into notes (id, title) values (?, ?)', [noteId, 'again']);
      }),
    ).rejects.toBeInstanceOf(UniqueConstraintViolationException);
    expect(await query(orm.em.fork(), 'select id from notes where id = ?', [noteId])).toHaveLength(0);
  });

  it('counts toward the request’s SQL queries, and refuses a placeholder count that does not match', async () => {
    const counted = await runInRequestScope({ requestId: 'r1' }, async () => {
      await query(orm.em.fork(), 'select 1');
      await query(orm.em.fork(), 'select ?::int', [2]);
      return currentRequestScope()!.sqlQueries;
    });
    expect(counted).toBe(2);
    await expect(query(orm.em.fork(), 'select ?, ?', [1])).rejects.toThrow(
      'SQL has 2 placeholders but 1 parameters were given',
    );
  });
});

describe('text PostgreSQL cannot store', () => {
  it('is BAD_USER_INPUT with no error-level log line, whether bound or written by the ORM', async () => {
    const refused = [
      // A NUL byte in a bound parameter: 22021 (inlined into the text, it was a protocol error, 08P01).
      () => query(orm.em.fork(), 'select id from notes where title = ?', ['a\u0000b']),
      // \u0000 and a lone surrogate inside jsonb, from an entity flush: 22P05 and 22P02.
      () => orm.em.fork().insert(NoteSchema, { id: id(), title: 'nul', body: { name: 'a\u0000b' } }),
      () => orm.em.fork().insert(NoteSchema, { id: id(), title: 'surrogate', body: { name: 'a\ud800b' } }),
    ];
    for (const work of refused) {
      expect(await asClientSees(work)).toEqual({
        code: 'BAD_USER_INPUT',
        message: 'Text must not contain NUL characters or unpaired surrogates.',
        errorLines: 0,
      });
    }
  });

  it('leaves a protocol violation (08P01) an internal error, not an outage', async () => {
    // MikroORM's own queries still inline parameters, so a NUL there breaks the protocol message: our bug, not a dead database.
    const seen = await asClientSees(() => orm.em.fork().find(NoteSchema, { title: 'a\u0000b' }));
    expect(seen).toEqual({ code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error', errorLines: 1 });
  });
});
