/**
 * `npm run dlq`: inspect a topic's dead letters and replay them once their cause is fixed.
 *
 *   npm run dlq -- list   <topic> [--group <consumer group>] [--json]
 *   npm run dlq -- replay <topic> [--group <consumer group>] [--event <event id>]… [--from-offset <n>] [--dry-run]
 *
 * <topic> is an event topic (`booking-events`) or its dead-letter topic (`booking-events.dlq`).
 * A consumer parks an event on `<topic>.dlq` after its bounded retries, with the consumer group,
 * the attempts and the error in the record's headers; `list` shows them, oldest first.
 *
 * `replay` publishes the selected dead letters to <topic> again through the platform's event bus
 * (the relay's idempotent producer and headers), each under its original key, so it lands on the
 * partition of its entity. That is safe to repeat: every consumer group sees the event again, and
 * each records applied event ids in its inbox in the transaction of the effect, so a group that
 * applied it already skips it and only the one that failed applies it now. Handlers check the state
 * an event is about, so an event replayed after later ones of its entity changes nothing it should
 * not. Live relays re-send a stale change, which clients ignore by its version. A dead letter that
 * fails again is parked again, as a new record. The dead-letter topic keeps everything (30 days):
 * `--from-offset` skips letters replayed before (the summary prints where to start next time; a
 * dead-letter topic has one partition, so one offset says it).
 *
 * Runs against KAFKA_BROKERS.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Kafka, logLevel, type IHeaders } from 'kafkajs';
import { TOPICS, type EventEnvelope, type Topic } from '@showstream/contracts';
import { KafkaEventBus, createLogger, deadLetterTopic, loadConfig } from '@showstream/platform';

interface DeadLetter {
  partition: number;
  offset: number;
  deadLetteredAt: string;
  group: string;
  attempts: number;
  error: string;
  /** Absent when the record is not an event envelope (unparseable JSON): such a letter cannot be replayed. */
  envelope?: EventEnvelope;
}

const usage =
  'usage: npm run dlq -- list <topic> [--group G] [--json]\n       npm run dlq -- replay <topic> [--group G] [--event ID]... [--from-offset N] [--dry-run]';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    group: { type: 'string' },
    event: { type: 'string', multiple: true },
    'from-offset': { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const [command, topicArgument] = positionals;
const topic = topicArgument?.replace(/\.dlq$/, '') as Topic | undefined;
if ((command !== 'list' && command !== 'replay') || !topic || !(topic in TOPICS)) {
  console.error(`${usage}\ntopics: ${Object.keys(TOPICS).join(', ')}`);
  process.exit(2);
}
const config = loadConfig();
if (!config.KAFKA_BROKERS) {
  console.error('KAFKA_BROKERS is not set: dead letters exist only on Kafka (the embedded default has none).');
  process.exit(2);
}
const brokers = config.KAFKA_BROKERS.split(',').map((broker) => broker.trim());
const kafka = new Kafka({ clientId: `${config.KAFKA_CLIENT_ID}-dlq`, brokers, logLevel: logLevel.ERROR });

const header = (headers: IHeaders | undefined, name: string) => headers?.[name]?.toString() ?? '';

function envelopeOf(raw: string): EventEnvelope | undefined {
  try {
    const parsed = JSON.parse(raw) as Partial<EventEnvelope>;
    return typeof parsed.id === 'string' && typeof parsed.type === 'string' && typeof parsed.key === 'string'
      ? (parsed as EventEnvelope)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Every record of the dead-letter topic, read with a throwaway consumer group that commits nothing and is deleted after. */
async function readDeadLetters(dlq: string): Promise<DeadLetter[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const lastOffsets = new Map(
      (await admin.fetchTopicOffsets(dlq))
        .filter((partition) => Number(partition.high) > Number(partition.low))
        .map((partition) => [partition.partition, Number(partition.high) - 1]),
    );
    if (lastOffsets.size === 0) return [];
    const groupId = `showstream-dlq-reader-${randomUUID()}`;
    const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
    const letters: DeadLetter[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [dlq], fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`could not read ${dlq} to its end within 60 s`)), 60_000);
        consumer
          .run({
            autoCommit: false,
            eachMessage: async ({ partition, message }) => {
              const offset = Number(message.offset);
              const last = lastOffsets.get(partition);
              if (last === undefined || offset > last) return;
              const envelope = envelopeOf(message.value?.toString() ?? '');
              letters.push({
                partition,
                offset,
                deadLetteredAt: new Date(Number(message.timestamp)).toISOString(),
                group: header(message.headers, 'dlq-consumer-group'),
                attempts: Number(header(message.headers, 'dlq-attempts') || 0),
                error: header(message.headers, 'dlq-error'),
                ...(envelope ? { envelope } : {}),
              });
              if (offset === last) lastOffsets.delete(partition);
              if (lastOffsets.size === 0) {
                clearTimeout(timer);
                resolve();
              }
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
    }
    await admin.deleteGroups([groupId]).catch(() => undefined);
    return letters.sort((a, b) => a.partition - b.partition || a.offset - b.offset);
  } finally {
    await admin.disconnect();
  }
}

function describe(letter: DeadLetter): string {
  const event = letter.envelope
    ? `event ${letter.envelope.id} ${letter.envelope.type} (key ${letter.envelope.key})`
    : 'not an event envelope: cannot be replayed';
  return `#${letter.offset}  ${letter.deadLetteredAt}  group ${letter.group || '?'}  after ${letter.attempts} attempt(s)\n    ${event}\n    error: ${letter.error || '?'}`;
}

const dlq = deadLetterTopic(topic);
const fromOffset = values['from-offset'] === undefined ? 0 : Number(values['from-offset']);
const events = values.event ? new Set(values.event) : undefined;
const letters = (await readDeadLetters(dlq)).filter(
  (letter) =>
    (!values.group || letter.group === values.group) &&
    letter.offset >= fromOffset &&
    (!events || (letter.envelope !== undefined && events.has(letter.envelope.id))),
);

if (command === 'list') {
  if (values.json) {
    for (const letter of letters) console.log(JSON.stringify(letter));
  } else {
    console.log(`${dlq}: ${letters.length} dead letter(s)${values.group ? ` of ${values.group}` : ''}`);
    for (const letter of letters) console.log(describe(letter));
  }
  process.exit(0);
}

const replayable = letters.filter(
  (letter): letter is DeadLetter & { envelope: EventEnvelope } => letter.envelope !== undefined,
);
for (const letter of letters) if (!letter.envelope) console.log(`skipped #${letter.offset}: not an event envelope`);
if (replayable.length > 0 && !values['dry-run']) {
  // The platform's bus: the relay's producer settings and headers, so a replayed event looks like any other.
  const bus = new KafkaEventBus({
    brokers,
    clientId: `${config.KAFKA_CLIENT_ID}-dlq`,
    logger: createLogger('dlq', 'warn'),
  });
  await bus.start();
  try {
    await bus.publish(replayable.map((letter) => ({ topic, envelope: letter.envelope })));
  } finally {
    await bus.stop();
  }
}
for (const letter of replayable)
  console.log(
    `${values['dry-run'] ? 'would replay' : 'replayed'} #${letter.offset}: ${letter.envelope.type} ${letter.envelope.id} (parked by ${letter.group || '?'})`,
  );
const next = letters.length > 0 ? Math.max(...letters.map((letter) => letter.offset)) + 1 : fromOffset;
console.log(
  `${values['dry-run'] ? 'would replay' : 'replayed'} ${replayable.length} dead letter(s) from ${dlq} to ${topic}; next time, --from-offset ${next} skips these.`,
);
