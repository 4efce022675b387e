import { spawn } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';
import { repositoryRoot, testEnvironment } from '@showstream/testkit';

/**
 * A production router without a router secret of its own must not start: with the public
 * development value any caller that reaches a subgraph could pose as the router.
 */
async function startProductionRouter(
  routerSecret: string | undefined,
): Promise<{ code: number | null; output: string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    KAFKA_BROKERS: '',
    PORT_BASE: String(testEnvironment().portBase + 58),
  };
  delete env.ROUTER_SECRET;
  if (routerSecret !== undefined) env.ROUTER_SECRET = routerSecret;
  const child = spawn(process.execPath, ['router/src/main.ts'], {
    cwd: repositoryRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, output };
}

describe('a production start', () => {
  it('exits 1 with a message saying what to set when ROUTER_SECRET is missing, empty or the public development value', async () => {
    for (const [secret, problem] of [
      [undefined, 'is not set'],
      ['', 'is not set'],
      ['showstream-development-router-secret', 'is a published value, which anyone can use'],
    ] as const) {
      const { code, output } = await startProductionRouter(secret);
      expect(code).toBe(1);
      // One JSON log line telling what to fix, not a stack trace.
      const lines = output.trim().split('\n');
      expect(lines).toHaveLength(1);
      const line = JSON.parse(lines[0]!) as { level: number; service: string; msg: string };
      expect(line).toMatchObject({ level: 60, service: 'router' });
      expect(line.msg).toBe(
        `router cannot start. Invalid configuration:\n  ROUTER_SECRET: ${problem}; production needs a secret of its own, the same for the router and every subgraph (e.g. \`openssl rand -hex 32\`)`,
      );
    }
    // Three process starts, on a machine that may be busy.
  }, 180_000);
});
