import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { SERVICE_PORT_OFFSETS, type ServiceName } from '@showstream/platform';
import { repositoryRoot, testEnvironment, waitFor } from './stack.ts';

export type StackService = ServiceName;

/** The launcher writes each service's pid here in process-per-service mode. */
const pidFile = (service: StackService) => `${repositoryRoot}.data/run/${testEnvironment().portBase}/${service}.pid`;

const servicePid = (service: StackService) => Number(readFileSync(pidFile(service), 'utf8'));

async function healthy(service: StackService): Promise<boolean> {
  const port = testEnvironment().portBase + SERVICE_PORT_OFFSETS[service];
  return fetch(`http://127.0.0.1:${port}/health`).then((response) => response.ok, () => false);
}

/**
 * Kills one service of the running test stack the hard way (no draining, no final outbox flush),
 * as a crash or an OOM kill would, then waits until the launcher has started it again and it serves.
 */
export async function crashAndRestart(service: StackService, whileDown?: () => Promise<void>): Promise<void> {
  const pid = servicePid(service);
  process.kill(pid, 'SIGKILL');
  await waitFor(async () => !(await healthy(service)), 10_000, 50);
  await whileDown?.();
  await waitFor(async () => servicePid(service) !== pid && (await healthy(service)), 90_000, 200);
}

/** Runs scripts/kafka.sh against the test broker (its port taken from KAFKA_BROKERS). */
function kafkaScript(command: 'start' | 'stop'): void {
  const port = testEnvironment().kafkaBrokers.split(',')[0]!.split(':')[1]!;
  execFileSync('bash', ['scripts/kafka.sh', command], { cwd: repositoryRoot, env: { ...process.env, KAFKA_PORT: port }, stdio: 'ignore' });
}

/** Stops the Kafka broker, runs `whileDown`, and starts the broker again on the same data. */
export async function withKafkaDown(whileDown: () => Promise<void>): Promise<void> {
  kafkaScript('stop');
  try {
    await whileDown();
  } finally {
    kafkaScript('start');
  }
}
