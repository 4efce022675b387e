/**
 * The README's promise that it names every environment variable the code reads: each key of every
 * config schema (the settings a process parses at start-up) and every `process.env.NAME` read directly
 * (launchers, build and test tooling) must appear in it as `NAME`.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { baseConfigSchema, internalCallConfigShape } from '@showstream/platform';
import { routerProtectionsConfigShape } from '../../platform/src/config/router-config.ts';

const root = new URL('../../', import.meta.url).pathname;
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const SUBGRAPHS = ['users', 'catalog', 'inventory', 'booking', 'payment', 'notification', 'analytics'];

async function configKeys(): Promise<string[]> {
  const shapes: object[] = [baseConfigSchema.shape, routerProtectionsConfigShape, internalCallConfigShape];
  for (const name of SUBGRAPHS) {
    const module = (await import(join(root, `subgraphs/${name}/src/config.ts`))) as Record<string, object>;
    const shape = module[`${name}ConfigShape`];
    if (!shape) throw new Error(`subgraphs/${name}/src/config.ts exports no ${name}ConfigShape`);
    shapes.push(shape);
  }
  return shapes.flatMap((shape) => Object.keys(shape));
}

/** `process.env.NAME` and `process.env['NAME']` in sources, tooling and tests' helpers (not in the tests themselves). */
function directReads(): string[] {
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (['node_modules', '.data', '.types', 'dist', 'test', '.git', '.cache'].includes(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
        for (const match of readFileSync(path, 'utf8').matchAll(/process\.env(?:\.|\[')([A-Z][A-Z0-9_]*)/g))
          found.add(match[1] ?? '');
      }
    }
  };
  walk(root);
  return [...found];
}

test('the README names every environment variable the code reads', async () => {
  const names = new Set([...(await configKeys()), ...directReads()]);
  expect(names.size).toBeGreaterThan(50);
  const missing = [...names].filter((name) => !readme.includes(`\`${name}\``) && !readme.includes(`${name}=`));
  expect(missing).toEqual([]);
});
