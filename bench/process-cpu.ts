/**
 * CPU time per process from /proc (Linux), so a benchmark can print CPU per operation beside its
 * throughput: on a shared machine, throughput alone mostly measures the neighbours. The stack's own
 * processes are found by their PORT_BASE; Redis and Kafka are counted machine-wide, and PostgreSQL
 * either machine-wide or, given a pool, as the backends on that pool's database.
 */
import { readFileSync, readdirSync } from 'node:fs';
import type pg from 'pg';

/** USER_HZ, the unit of /proc's utime and stime: 100 on every Linux this runs on. */
const TICKS_PER_SECOND = 100;

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // the process ended, or is not ours to read
  }
}

/** utime + stime of one process in ms; 0 once it has gone. */
function cpuMs(pid: number): number {
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed.
  const fields = read(`/proc/${pid}/stat`)?.split(') ')[1]?.split(' ');
  return fields ? ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND : 0;
}

export type ProcessGroups = Map<string, number[]>;

/** The processes of the stack on `portBase` by service (`launcher` for the embedded default's one process), and the data stores by name. */
export function stackProcesses(portBase: number): ProcessGroups {
  const groups: ProcessGroups = new Map();
  const add = (name: string, pid: number) => groups.set(name, [...(groups.get(name) ?? []), pid]);
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const command = read(`/proc/${pid}/cmdline`)?.split('\0') ?? [];
    const script = command.find((part) => part.endsWith('/src/main.ts') || part.endsWith('scripts/start.ts'));
    if (script) {
      const base = read(`/proc/${pid}/environ`)
        ?.split('\0')
        .find((variable) => variable.startsWith('PORT_BASE='))
        ?.slice('PORT_BASE='.length);
      if (Number(base ?? 4000) === portBase)
        add(/(?:subgraphs\/)?([a-z]+)\/src\/main\.ts$/.exec(script)?.[1] ?? 'launcher', pid);
      continue;
    }
    const name = read(`/proc/${pid}/comm`)?.trim();
    if (name === 'postgres') add('postgres', pid);
    else if (name === 'redis-server') add('redis', pid);
    else if (name === 'java' && command.includes('kafka.Kafka')) add('kafka', pid);
  }
  return groups;
}

/** Samples named groups of processes; with a pool, `postgres` is every backend on the pool's database, listed afresh each time. */
export class CpuSampler {
  readonly #groups: ProcessGroups;
  readonly #pool: pg.Pool | undefined;

  constructor(groups: ProcessGroups, pool?: pg.Pool) {
    this.#groups = pool ? new Map([...groups].filter(([name]) => name !== 'postgres')) : groups;
    this.#pool = pool;
  }

  async sample(): Promise<Map<string, number>> {
    const sample = new Map(
      [...this.#groups].map(([name, pids]) => [name, pids.reduce((sum, pid) => sum + cpuMs(pid), 0)]),
    );
    if (this.#pool) {
      // The sampling connection too: the pool lends it to the benchmark's own SQL workers.
      const { rows } = await this.#pool.query<{ pid: number }>(
        'select pid from pg_stat_activity where datname = current_database()',
      );
      sample.set(
        'postgres',
        rows.reduce((sum, row) => sum + cpuMs(row.pid), 0),
      );
    }
    return sample;
  }

  /** CPU ms per operation for each group between two samples, largest first, and their total. */
  static perOperation(
    before: Map<string, number>,
    after: Map<string, number>,
    operations: number,
  ): { name: string; ms: number }[] {
    const rows = [...after]
      .map(([name, ms]) => ({ name, ms: (ms - (before.get(name) ?? 0)) / operations }))
      .filter((row) => row.ms > 0.005);
    return [...rows.sort((a, b) => b.ms - a.ms), { name: 'total', ms: rows.reduce((sum, row) => sum + row.ms, 0) }];
  }
}

/** CPU ms per operation of each of the stack's processes while `work` runs; `work` returns how many operations it did. */
export async function cpuPerOperation(
  portBase: number,
  work: () => Promise<number>,
): Promise<{ name: string; ms: number }[]> {
  const sampler = new CpuSampler(stackProcesses(portBase));
  const before = await sampler.sample();
  const operations = await work();
  return CpuSampler.perOperation(before, await sampler.sample(), operations);
}

export const formatCpu = (rows: { name: string; ms: number }[]) =>
  rows.map(({ name, ms }) => `${name} ${ms.toFixed(1)}`).join(', ');
