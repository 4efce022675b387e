import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import type { EventEnvelope } from '@showstream/contracts';
import { testEnvironment } from './stack.ts';

/** A record as a consumer reads it: the envelope and the record's headers as text. */
export interface TopicRecord {
  envelope: EventEnvelope;
  headers: Record<string, string>;
}

/**
 * Reads a topic from the beginning with a throwaway consumer group until `count` events match
 * `predicate` (or the timeout passes), and returns them in the order they were read.
 */
export async function readEvents(
  topic: string,
  predicate: (event: EventEnvelope) => boolean,
  options: { count?: number; timeoutMs?: number } = {},
): Promise<EventEnvelope[]> {
  const records = await readRecords(topic, (record) => predicate(record.envelope), options);
  return records.map((record) => record.envelope);
}

/** Like `readEvents`, with each record's headers (a dead-letter topic's say why the record is there). */
export async function readRecords(
  topic: string,
  predicate: (record: TopicRecord) => boolean,
  options: { count?: number; timeoutMs?: number } = {},
): Promise<TopicRecord[]> {
  const count = options.count ?? 1;
  const kafka = new Kafka({
    clientId: 'showstream-tests',
    brokers: testEnvironment().kafkaBrokers.split(','),
    logLevel: logLevel.NOTHING,
  });
  const consumer = kafka.consumer({ groupId: `test-reader-${randomUUID()}` });
  const found: TopicRecord[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, options.timeoutMs ?? 15_000);
      void consumer.run({
        eachMessage: async ({ message }) => {
          const record = {
            envelope: JSON.parse(message.value?.toString() ?? 'null') as EventEnvelope,
            headers: Object.fromEntries(
              Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]),
            ),
          };
          if (predicate(record)) found.push(record);
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
