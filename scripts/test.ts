/**
 * `npm test`: lints and checks formatting (`npm run lint`), checks the supergraph, client-ops' and the SQL statements' generated files are fresh
 * (the last against a scratch database on POSTGRES_URL), type-checks, then runs Jest's
 * unit project and its integration project against real services: PostgreSQL and Redis at POSTGRES_URL / REDIS_URL (default: this machine's
 * standard ports) and Kafka at KAFKA_BROKERS — or, when unset, a local broker that
 * scripts/kafka.sh starts for the run and stops afterwards. Extra arguments go to Jest.
 * `npm run test:unit` (`--unit`) runs the unit project alone: no checks, no services, seconds.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const bin = (name: string) => `${root}node_modules/.bin/${name}`;

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  return result.status ?? 1;
}

function step(name: string, command: string, args: string[], env?: NodeJS.ProcessEnv): void {
  console.log(`\n> ${name}`);
  const status = run(command, args, env);
  if (status !== 0) {
    stopKafka();
    process.exit(status);
  }
}

let startedKafka = false;
function stopKafka(): void {
  if (startedKafka) run('bash', ['scripts/kafka.sh', 'stop']);
}

const jestNodeOptions = (env: NodeJS.ProcessEnv) =>
  [env.NODE_OPTIONS, '--experimental-vm-modules', '--no-warnings=ExperimentalWarning'].filter(Boolean).join(' ');

if (process.argv[2] === '--unit') {
  // Path filters first: --selectProjects takes every name after it.
  process.exit(
    run(bin('jest'), [...process.argv.slice(3), '--selectProjects', 'unit'], {
      ...process.env,
      NODE_OPTIONS: jestNodeOptions(process.env),
    }),
  );
}

// SHOWSTREAM_SKIP_CHECKS=1 leaves out composition and type checks while iterating on one package; CI never sets it.
if (process.env.SHOWSTREAM_SKIP_CHECKS !== '1') {
  step('lint and format', 'npm', ['run', '--silent', 'lint']);
  step('supergraph and client-ops are up to date', process.execPath, ['schema/compose.ts', '--check']);
  step('SQL types are up to date', process.execPath, ['scripts/sql-types.ts', '--check']);
  step('type check', bin('tsc'), ['-b']);
}

const env = { ...process.env };
if (!env.KAFKA_BROKERS) {
  startedKafka = run('bash', ['scripts/kafka.sh', 'status']) !== 0;
  if (startedKafka) step('start Kafka', 'bash', ['scripts/kafka.sh', 'start']);
  env.KAFKA_BROKERS = `127.0.0.1:${env.KAFKA_PORT ?? 9092}`;
}
env.POSTGRES_URL ??= 'postgres://postgres@127.0.0.1:5432';
env.REDIS_URL ??= 'redis://127.0.0.1:6379';
env.NODE_OPTIONS = jestNodeOptions(env);

console.log('\n> jest');
const jestArgs = process.argv.slice(2);
// A path filter may match only one of the two phases; without one, an empty phase is a mistake.
const emptyPhaseOk = jestArgs.length > 0 ? ['--passWithNoTests'] : [];
let status = run(bin('jest'), [...emptyPhaseOk, ...jestArgs], env);
if (status === 0) {
  // On a fresh stack of their own, one file at a time: they crash services and stop the broker.
  console.log('\n> jest: fault tests');
  status = run(bin('jest'), ['--runInBand', ...emptyPhaseOk, ...jestArgs], { ...env, SHOWSTREAM_FAULT_TESTS: '1' });
}
stopKafka();
process.exit(status);
