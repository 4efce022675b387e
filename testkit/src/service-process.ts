import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { repositoryRoot, waitFor } from './stack.ts';

export interface ServiceProcess {
  process: ChildProcess;
  logFile: string;
  stop(): Promise<void>;
}

const logFileFor = (label: string) => {
  const logDir = `${repositoryRoot}.data/test-logs`;
  mkdirSync(logDir, { recursive: true });
  return `${logDir}/${label}.log`;
};

/**
 * Runs one service entry point (`router/src/main.ts`, `subgraphs/payment/src/main.ts`) as its own
 * process beside the test stack, with `env` on top of the test's own, and waits until its
 * `/health/live` on `port` answers. Its output goes to `.data/test-logs/<label>.log`, shown if it
 * does not start.
 */
export async function startServiceProcess(
  entry: string,
  env: Record<string, string>,
  { port, label }: { port: number; label: string },
): Promise<ServiceProcess> {
  const logFile = logFileFor(label);
  const log = openSync(logFile, 'w');
  const child = spawn(process.execPath, [entry], {
    cwd: repositoryRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', log, log],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const live = () =>
    fetch(`http://127.0.0.1:${port}/health/live`).then(
      (response) => response.ok,
      () => false,
    );
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`${entry} exited`);
        return live();
      },
      120_000,
      200,
    );
  } catch (error) {
    child.kill('SIGKILL');
    closeSync(log);
    throw new Error(
      `${label} on port ${port} did not start (${String(error)}); last log lines:\n${readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n')}`,
    );
  }
  return {
    process: child,
    logFile,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000).unref())]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      closeSync(log);
    },
  };
}

/**
 * Runs a service entry point that is expected to refuse to start, and returns its exit code and
 * output; a process still running after `timeoutMs` is killed and reported with code null.
 */
export async function runUntilExit(
  entry: string,
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [entry], {
    cwd: repositoryRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once('close', (exitCode) => resolve(exitCode)));
  clearTimeout(timer);
  return { code, output };
}
