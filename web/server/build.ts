import { spawn } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '@showstream/platform';

const WEB_ROOT = fileURLToPath(new URL('../', import.meta.url));
export const DIST_DIR = path.join(WEB_ROOT, 'dist');

/** Everything the bundle is made from: the app, its page and config, and the generated operations. */
const sources = () => [
  path.join(WEB_ROOT, 'src'),
  path.join(WEB_ROOT, 'public'),
  path.join(WEB_ROOT, 'index.html'),
  path.join(WEB_ROOT, 'vite.config.ts'),
  fileURLToPath(import.meta.resolve('@showstream/client-ops')),
];

function newestChange(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stats = statSync(entry);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(stats.mtimeMs, ...readdirSync(entry).map((name) => newestChange(path.join(entry, name))));
}

/** Whether web/dist is missing or older than anything it is built from. */
function webBuildIsStale(): boolean {
  const built = existsSync(path.join(DIST_DIR, 'index.html')) ? statSync(path.join(DIST_DIR, 'index.html')).mtimeMs : 0;
  return sources().some((source) => newestChange(source) > built);
}

/**
 * Builds the app with Vite when web/dist is missing or stale (a second or two). It builds into a
 * folder of its own and swaps it in whole, so a server already serving web/dist, or a second
 * stack starting at the same moment, never sees half a build. A failed build is logged and the
 * previous one, if any, keeps being served: the supergraph does not stop for the front end.
 */
export async function ensureWebBuilt(logger: Logger): Promise<void> {
  if (!webBuildIsStale()) return;
  const started = Date.now();
  const outDir = path.join(WEB_ROOT, `.dist-${process.pid}`);
  const vite = path.join(path.dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin/vite.js');
  let output = '';
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
      cwd: WEB_ROOT,
      env: { ...process.env, SHOWSTREAM_WEB_OUT_DIR: outDir, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('error', (error) => {
      output += String(error);
      resolve(null);
    });
    child.once('exit', resolve);
  });
  if (code !== 0) {
    rmSync(outDir, { recursive: true, force: true });
    logger.error(
      { output: output.slice(-4000) },
      existsSync(DIST_DIR) ? 'web front end build failed; serving the previous build' : 'web front end build failed',
    );
    return;
  }
  const previous = path.join(WEB_ROOT, `.dist-old-${process.pid}`);
  try {
    if (existsSync(DIST_DIR)) renameSync(DIST_DIR, previous);
    renameSync(outDir, DIST_DIR);
    logger.info({ ms: Date.now() - started }, 'web front end built');
  } catch (error) {
    // Another stack starting at the same moment swapped its build in first: that one is as fresh.
    logger.debug({ err: error }, 'web front end built by another process meanwhile');
  } finally {
    rmSync(previous, { recursive: true, force: true });
    rmSync(outDir, { recursive: true, force: true });
  }
}
