/**
 * CPU time per process from /proc (Linux), so a benchmark can print CPU per operation beside its
 * throughput: on a shared machine, throughput alone mostly measures the neighbours.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type pg from 'pg';

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux this runs on

/** utime + stime of one process in ms; 0 once it has gone. */
function cpuMs(pid: number): number {
  try {
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** The services `npm start` launched, from the pid files it writes to `.data/run/<port base>/`. */
export function servicePids(directory: string): Map<string, number> {
  const pids = new Map<string, number>();
  for (const file of readdirSync(directory).filter((name) => name.endsWith('.pid'))) pids.set(file.slice(0, -4), Number(readFileSync(`${directory}/${file}`, 'utf8')));
  return pids;
}

/** Samples named groups of processes; `postgres` is every backend connected to the pool's database, listed afresh each time. */
export class CpuSampler {
  readonly #services: Map<string, number>;
  readonly #pool: pg.Pool | undefined;

  constructor(services: Map<string, number>, pool?: pg.Pool) {
    this.#services = services;
    this.#pool = pool;
  }

  async sample(): Promise<Map<string, number>> {
    const sample = new Map([...this.#services].map(([name, pid]) => [name, cpuMs(pid)]));
    if (this.#pool) {
      // The sampling connection too: the pool hands it to the raw-SQL floor's workers.
      const { rows } = await this.#pool.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database()');
      sample.set('postgres', rows.reduce((sum, row) => sum + cpuMs(row.pid), 0));
    }
    return sample;
  }

  /** CPU ms per operation for each group between two samples, and their total. */
  static perOperation(before: Map<string, number>, after: Map<string, number>, operations: number): { name: string; ms: number }[] {
    const rows = [...after].map(([name, ms]) => ({ name, ms: (ms - (before.get(name) ?? 0)) / operations })).filter((row) => row.ms > 0.005);
    return [...rows.sort((a, b) => b.ms - a.ms), { name: 'total', ms: rows.reduce((sum, row) => sum + row.ms, 0) }];
  }
}
