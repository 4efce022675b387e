/**
 * `npm run sql-types`: types every raw SQL statement from the database schema itself. Each feature keeps its
 * statements in one `<feature>.sql` file; for every package that has any, this migrates a scratch database
 * with the package's own migrations, asks PostgreSQL (through pgtyped) what each statement takes and
 * returns, and writes `<feature>.queries.ts` beside the `.sql` file. `--check` writes nothing and fails when
 * a checked-in `.queries.ts` differs from a fresh run (the test command runs it), so a migration that
 * changes a column's type or nullability changes the types of every statement that reads it.
 *
 * Arguments other than `--check` name the packages to do (`platform`, `payment`, …); by default, all.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import {
  closeDatabase,
  createLogger,
  databaseUrl,
  openDatabase,
  signingKeyMigrations,
  type DatabaseOptions,
} from '@showstream/platform';

const root = fileURLToPath(new URL('../', import.meta.url));
const check = process.argv.includes('--check');
const only = process.argv.slice(2).filter((argument) => !argument.startsWith('--'));
const serverUrl = process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';

/**
 * What the pool hands back, which is what the types must say: MikroORM's pg type parsers keep dates,
 * timestamps and intervals as the server's text (`createPostgreSqlTypeParsers`); int8 and numeric stay
 * strings as in node-postgres. Parameters keep pgtyped's defaults (a Date or a string for a timestamp).
 */
const typesOverrides = {
  date: { return: 'string' },
  timestamp: { return: 'string' },
  timestamptz: { return: 'string' },
  interval: { return: 'string' },
};

type Migrations = DatabaseOptions['migrations'];

/**
 * The packages with SQL files, and the migrations that make the tables their statements run against:
 * a subgraph's `migrations/` folder, oldest first (their names start with a timestamp), each file
 * exporting the class it is named after. The platform's own tables (outbox, inbox) come with every database;
 * its signing keys' table with the subgraphs that opt in.
 */
async function packages(): Promise<{ name: string; srcDir: string; migrations: Migrations }[]> {
  const found = [{ name: 'platform', srcDir: 'platform/src', migrations: signingKeyMigrations as Migrations }];
  for (const name of readdirSync(join(root, 'subgraphs')).sort()) {
    const folder = join(root, 'subgraphs', name, 'migrations');
    if (!existsSync(folder)) continue;
    const migrations: Migrations = [];
    for (const file of readdirSync(folder)
      .filter((entry) => entry.endsWith('.ts'))
      .sort()) {
      const migrationName = file.replace(/\.ts$/, '');
      const module = (await import(join(folder, file))) as Record<string, Migrations[number]['class']>;
      const migration = module[migrationName];
      if (!migration) throw new Error(`${folder}/${file} does not export ${migrationName}`);
      migrations.push({ name: migrationName, class: migration });
    }
    found.push({ name, srcDir: `subgraphs/${name}/src`, migrations });
  }
  return found.filter((entry) => only.length === 0 || only.includes(entry.name));
}

function sqlFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.sql'))
    .map((file) => join(dir, file));
}

const queriesFile = (sqlFile: string) => sqlFile.replace(/\.sql$/, '.queries.ts');

async function migrateScratch(name: string, migrations: Migrations): Promise<string> {
  const databaseName = `showstream_sqltypes_${name}`;
  // A scratch database left by an interrupted run would keep its old schema: start from nothing.
  await dropScratch(databaseName);
  const logger = createLogger('sql-types', 'warn');
  const orm = await openDatabase({ serverUrl, databaseName, logger, entities: [], migrations });
  await closeDatabase(orm);
  return databaseName;
}

async function dropScratch(databaseName: string): Promise<void> {
  const admin = new pg.Client({ connectionString: databaseUrl(serverUrl, 'postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(databaseName)} WITH (FORCE)`);
  await admin.end();
}

/** Runs pgtyped over a copy of one package's SQL files (so `--check` writes nothing) and returns what it generated. */
function generate(srcDir: string, files: string[], databaseName: string): Map<string, string> {
  const work = mkdtempSync(join(tmpdir(), 'sql-types-'));
  try {
    for (const file of files) {
      const copy = join(work, relative(srcDir, file));
      mkdirSync(join(copy, '..'), { recursive: true });
      writeFileSync(copy, readFileSync(join(root, file)));
    }
    const config = {
      transforms: [{ mode: 'sql', include: '**/*.sql', emitTemplate: '{{dir}}/{{name}}.queries.ts' }],
      srcDir: work,
      dbUrl: databaseUrl(serverUrl, databaseName),
      failOnError: true,
      hungarianNotation: false,
      typesOverrides,
    };
    writeFileSync(join(work, 'pgtyped.json'), JSON.stringify(config));
    const result = spawnSync(join(root, 'node_modules/.bin/pgtyped'), ['-c', join(work, 'pgtyped.json')], {
      cwd: root,
      encoding: 'utf8',
    });
    const missing = files.filter((file) => !existsSync(join(work, relative(srcDir, queriesFile(file)))));
    if (result.status !== 0 || missing.length > 0) {
      process.stderr.write(result.stdout + result.stderr);
      throw new Error(`pgtyped failed for ${missing.join(', ') || srcDir}`);
    }
    // pgtyped's first line names the copy's temporary path; name the checked-in file instead.
    const generated = (file: string) =>
      readFileSync(join(work, relative(srcDir, queriesFile(file))), 'utf8').replace(
        /^.*\n/,
        `/** Generated by \`npm run sql-types\` from ${file.split('/').pop()}, typed by the schema its migrations make. Do not edit. */\n`,
      );
    return new Map(files.map((file) => [queriesFile(file), generated(file)]));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const stale: string[] = [];
for (const { name, srcDir, migrations } of await packages()) {
  const files = sqlFiles(srcDir);
  if (files.length === 0) continue;
  const databaseName = await migrateScratch(name, migrations);
  try {
    for (const [file, content] of generate(srcDir, files, databaseName)) {
      const path = join(root, file);
      if (existsSync(path) && readFileSync(path, 'utf8') === content) continue;
      stale.push(file);
      if (!check) writeFileSync(path, content);
    }
  } finally {
    await dropScratch(databaseName);
  }
}

if (check && stale.length > 0) {
  console.error(`${stale.join(', ')} stale: run \`npm run sql-types\` and commit the result.`);
  process.exit(1);
}
console.log(check ? 'SQL types are up to date' : `wrote ${stale.join(', ') || 'nothing (all up to date)'}`);
