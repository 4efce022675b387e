import { Kafka, logLevel } from 'kafkajs';
import type { EventEnvelope } from '@showstream/contracts';
import { testEnvironment } from './stack.ts';

/** Publishes envelopes as a service's relay would (keyed, JSON), e.g. to redeliver an event on purpose. */
export async function publishEvents(topic: string, envelopes: EventEnvelope[]): Promise<void> {
  const kafka = new Kafka({
    clientId: 'showstream-tests',
    brokers: testEnvironment().kafkaBrokers.split(','),
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.send({
      topic,
      messages: envelopes.map((envelope) => ({ key: envelope.key, value: JSON.stringify(envelope) })),
    });
  } finally {
    await producer.disconnect();
  }
}
