import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import type { EventEnvelope } from '@showstream/platform';
import { testEnvironment } from './stack.ts';

/**
 * Reads a topic from the beginning with a throwaway consumer group until `count` events match
 * `predicate` (or the timeout passes), and returns them in the order they were read.
 */
export async function readEvents(
  topic: string,
  predicate: (event: EventEnvelope) => boolean,
  options: { count?: number; timeoutMs?: number } = {},
): Promise<EventEnvelope[]> {
  const count = options.count ?? 1;
  const kafka = new Kafka({ clientId: 'showstream-tests', brokers: testEnvironment().kafkaBrokers.split(','), logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `test-reader-${randomUUID()}` });
  const found: EventEnvelope[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, options.timeoutMs ?? 15_000);
      void consumer.run({
        eachMessage: async ({ message }) => {
          const event = JSON.parse(message.value!.toString()) as EventEnvelope;
          if (predicate(event)) found.push(event);
          if (found.length >= count) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return found;
}
