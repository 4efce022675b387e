import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { describe, expect, it } from '@jest/globals';
import { TEST_DB_PREFIX, repositoryRoot, testEnvironment } from '@showstream/testkit';

/**
 * A deployment without SUPERADMIN_* and without a super admin has nobody who can administer it:
 * the users service says so at start-up. Runs the users service as its own process on a database
 * of its own (dropped with the other test databases on the next run).
 */
const database = `${TEST_DB_PREFIX}superadmin_${Date.now().toString(36)}_`;
const WARNING = /No super admin exists and SUPERADMIN_EMAIL is not set/;

interface LogLine {
  level: number;
  msg: string;
}

/** Starts the users service, collects its log lines until it is ready, then stops it. */
async function startUsers(env: Record<string, string>): Promise<LogLine[]> {
  const { postgresUrl, portBase } = testEnvironment();
  const base: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    PORT_BASE: String(portBase + 60),
    POSTGRES_URL: postgresUrl,
    DB_NAME_PREFIX: database,
    KAFKA_BROKERS: '',
  };
  // In-process pub/sub, and no super admin unless `env` names one.
  for (const name of ['REDIS_URL', 'SUPERADMIN_EMAIL', 'SUPERADMIN_PASSWORD']) delete base[name];
  const child = spawn(process.execPath, ['subgraphs/users/src/main.ts'], {
    cwd: repositoryRoot,
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: LogLine[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  // Never left running, whatever happens to the test.
  const deadline = setTimeout(() => child.kill('SIGKILL'), 90_000);
  try {
    for await (const text of createInterface({ input: child.stdout })) {
      const line = JSON.parse(text) as LogLine;
      lines.push(line);
      if (line.msg === 'users subgraph ready') break;
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
    clearTimeout(deadline);
  }
  return lines;
}

describe('start-up without a super admin', () => {
  it('warns, with what to set, until a super admin exists', async () => {
    const first = await startUsers({});
    expect(first.at(-1)?.msg).toBe('users subgraph ready');
    const warning = first.find((line) => WARNING.test(line.msg));
    expect(warning?.level).toBe(40);
    expect(warning?.msg).toMatch(/Set SUPERADMIN_EMAIL and SUPERADMIN_PASSWORD/);

    // Created once from the variables...
    const bootstrap = await startUsers({
      SUPERADMIN_EMAIL: 'first-admin@showstream.test',
      SUPERADMIN_PASSWORD: 'First-admin-1',
    });
    expect(bootstrap.at(-1)?.msg).toBe('users subgraph ready');
    expect(bootstrap.some((line) => WARNING.test(line.msg))).toBe(false);
    // ...the super admin stays when they are removed, and nothing is said.
    const later = await startUsers({});
    expect(later.at(-1)?.msg).toBe('users subgraph ready');
    expect(later.some((line) => WARNING.test(line.msg))).toBe(false);
  }, 300_000);
});
