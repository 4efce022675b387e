/**
 * CPU time per process of the stack under test, read from /proc (Linux): what each part costs per
 * operation, which throughput alone hides on a shared 2-core machine. The stack's own processes are
 * found by their PORT_BASE; PostgreSQL, Redis and Kafka are counted machine-wide, so measure on a
 * quiet machine (`uptime`) when comparing them.
 */
import { readFileSync, readdirSync } from 'node:fs';

/** Clock ticks per second of /proc's utime and stime: 100 on every Linux that ShowStream runs on. */
const CLOCK_TICKS = 100;

type Groups = Map<string, number[]>;

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // the process ended, or is not ours to read
  }
}

/** The processes of the stack on `portBase` by service, and the data stores by name. */
export function stackProcesses(portBase: number): Groups {
  const groups: Groups = new Map();
  const add = (name: string, pid: number) => groups.set(name, [...(groups.get(name) ?? []), pid]);
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const command = read(`/proc/${pid}/cmdline`)?.split('\0') ?? [];
    const script = command.find((part) => part.endsWith('/src/main.ts') || part.endsWith('scripts/start.ts'));
    if (script) {
      const environment = read(`/proc/${pid}/environ`)?.split('\0') ?? [];
      const base = environment.find((variable) => variable.startsWith('PORT_BASE='))?.slice('PORT_BASE='.length);
      if (Number(base ?? 4000) !== portBase) continue;
      // The embedded default's launcher runs every service in its one process; with KAFKA_BROKERS it only supervises.
      const service = /(?:subgraphs\/)?([a-z]+)\/src\/main\.ts$/.exec(script)?.[1] ?? 'launcher';
      add(service, pid);
      continue;
    }
    const name = read(`/proc/${pid}/comm`)?.trim();
    if (name === 'postgres') add('postgres', pid);
    else if (name === 'redis-server') add('redis', pid);
    else if (name === 'java' && command.includes('kafka.Kafka')) add('kafka', pid);
  }
  return groups;
}

/** CPU milliseconds used so far by each group (processes that ended since the last look count no more). */
export function cpuMillis(groups: Groups): Map<string, number> {
  const totals = new Map<string, number>();
  for (const [name, pids] of groups) {
    let ticks = 0;
    for (const pid of pids) {
      // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
      const fields = read(`/proc/${pid}/stat`)?.split(') ')[1]?.split(' ');
      if (fields) ticks += Number(fields[11]) + Number(fields[12]);
    }
    totals.set(name, (ticks * 1000) / CLOCK_TICKS);
  }
  return totals;
}

/** Measures CPU per operation of each process group while `work` runs; `work` returns how many operations it did. */
export async function cpuPerOperation(portBase: number, work: () => Promise<number>): Promise<{ operations: number; perOperationMs: Map<string, number> }> {
  const groups = stackProcesses(portBase);
  const before = cpuMillis(groups);
  const operations = await work();
  const after = cpuMillis(groups);
  const perOperationMs = new Map<string, number>();
  for (const [name, used] of after) perOperationMs.set(name, operations > 0 ? (used - (before.get(name) ?? 0)) / operations : NaN);
  return { operations, perOperationMs };
}

/** Prints CPU ms per operation by process, largest first, with the total. */
export function printCpu(label: string, perOperationMs: Map<string, number>): void {
  const sorted = [...perOperationMs].filter(([, ms]) => ms > 0).sort((a, b) => b[1] - a[1]);
  const total = sorted.reduce((sum, [, ms]) => sum + ms, 0);
  console.log(`  CPU ms per ${label}: total ${total.toFixed(1)} — ${sorted.map(([name, ms]) => `${name} ${ms.toFixed(1)}`).join(', ')}`);
}
