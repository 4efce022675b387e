import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Migration } from '@mikro-orm/migrations';
import { UniqueConstraintViolationException, defineEntity, p } from '@mikro-orm/core';
import { GraphQLError } from 'graphql';
import { sql } from '@pgtyped/runtime';
import {
  createErrorFormatter,
  createLogger,
  openDatabase,
  run,
  runInRequestScope,
  currentRequestScope,
  type Orm,
} from '../src/index.ts';
import { TEST_DB_PREFIX, testEnvironment } from '@showstream/testkit';

/**
 * Typed statements through `run` against real PostgreSQL: parameters are bound, not spliced into the text,
 * and what PostgreSQL refuses as unstorable text reaches the client as BAD_USER_INPUT, not as an outage.
 * (The statements here are pgtyped `sql` templates, typed by hand, since the notes table is this test's own.)
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

type Note = { id: string; title: string; body?: unknown; tags?: string[]; writtenAt?: Date };
const insertNote = sql<{ params: Note; result: never }>`
  insert into notes (id, title, body, tags, written_at) values ($id, $title, $body, $tags, $writtenAt)`;
const noteIds = sql<{ params: { id: string }; result: { id: string } }>`select id from notes where id = $id`;

describe('run', () => {
  it('binds values of every kind and reads them back as they were', async () => {
    const written = new Date('2026-03-01T10:15:30.250Z');
    const noteId = id();
    const title = `O'Brien \\ 50% ? $1 --`;
    await run(orm.em.fork(), insertNote, {
      id: noteId,
      title,
      body: { nested: ['a', 1] },
      tags: ['x', 'y,z'],
      writtenAt: written,
    });
    // Rows come back as em.execute() gave them: MikroORM's type parsers leave timestamps as text for it to hydrate.
    const [row] = await run(
      orm.em.fork(),
      sql<{
        params: { absent: null; ids: string[]; tag: string };
        result: { title: string; body: unknown; tags: string[]; written_at: string; absent: null };
      }>`select title, body, tags, written_at, $absent::text as absent from notes where id = any($ids) and $tag = any(tags)`,
      { absent: null, ids: [noteId, id()], tag: 'y,z' },
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
        await run(tx, insertNote, { id: noteId, title: 'draft' });
        expect(await run(tx, noteIds, { id: noteId })).toHaveLength(1);
        await run(tx, insertNote, { id: noteId, title: 'again' });
      }),
    ).rejects.toBeInstanceOf(UniqueConstraintViolationException);
    expect(await run(orm.em.fork(), noteIds, { id: noteId })).toHaveLength(0);
  });

  it('counts toward the request’s SQL queries, and binds a parameter by name wherever it appears', async () => {
    const twice = sql<{ params: { n: number }; result: { same: boolean } }>`select $n::int = $n::int + 0 as same`;
    const counted = await runInRequestScope({ requestId: 'r1' }, async () => {
      await run(orm.em.fork(), noteIds, { id: id() });
      expect(await run(orm.em.fork(), twice, { n: 2 })).toEqual([{ same: true }]);
      return currentRequestScope()!.sqlQueries;
    });
    expect(counted).toBe(2);
  });
});

describe('text PostgreSQL cannot store', () => {
  it('is BAD_USER_INPUT with no error-level log line, whether bound or written by the ORM', async () => {
    const refused = [
      // A NUL byte in a bound parameter: 22021 (inlined into the text, it was a protocol error, 08P01).
      () => run(orm.em.fork(), insertNote, { id: id(), title: 'a\u0000b' }),
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
