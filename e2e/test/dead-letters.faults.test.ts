/**
 * Dead letters and their replay: an event a consumer cannot apply is retried a bounded number of
 * times and parked on `<topic>.dlq` (the partition moves on); once the cause is fixed,
 * `npm run dlq -- replay` delivers it, and replaying again changes nothing (the inbox dedupes).
 */
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from '@jest/globals';
import {
  SUPERADMIN,
  graphqlClient,
  loginAs,
  readEvents,
  registerUser,
  repositoryRoot,
  runSql,
  testEnvironment,
  waitFor,
  waitForConsumerGroup,
} from '@showstream/testkit';

const request = graphqlClient(testEnvironment().routerUrl);
let admin: string;
beforeAll(async () => {
  admin = (await loginAs(request, SUPERADMIN.email, SUPERADMIN.password)).accessToken;
});

/** The documented command, as an operator runs it against the test broker. */
function dlq(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, ['scripts/dlq.ts', ...args], {
    cwd: repositoryRoot,
    env: { ...process.env, KAFKA_BROKERS: testEnvironment().kafkaBrokers },
    encoding: 'utf8',
    timeout: 90_000,
  });
}

const REGISTRATIONS =
  'query($from: DateTime!, $to: DateTime!) { userAnalytics(from: $from, to: $to) { registrations } }';

// The cause: analytics' database refuses new user facts, as a half-applied migration or a broken constraint would.
const POISON = `
  create function refuse_user_facts() returns trigger language plpgsql as $$
  begin raise exception 'user_facts is closed for maintenance'; end $$;
  create trigger refuse_user_facts before insert on user_facts for each row execute function refuse_user_facts()`;
const CURE = 'drop trigger refuse_user_facts on user_facts; drop function refuse_user_facts()';

describe('dead letters', () => {
  it('parks an event analytics cannot apply, and replay delivers it once the cause is fixed', async () => {
    const window = {
      from: new Date(Date.now() - 3_600_000).toISOString(),
      to: new Date(Date.now() + 3_600_000).toISOString(),
    };
    const registrations = async () =>
      (await request(REGISTRATIONS, window, { token: admin })).data!.userAnalytics.registrations as number;
    await waitForConsumerGroup('analytics', 'user-events');
    const before = await registrations();

    await runSql('analytics', POISON);
    let parkedId = '';
    try {
      const user = await registerUser(request, 'poisoned');
      const [parked] = await readEvents('user-events.dlq', (event) => event.key === user.id, { timeoutMs: 30_000 });
      expect(parked).toMatchObject({ type: 'UserRegistered', key: user.id });
      parkedId = parked!.id;
      // The partition moved on: the group has nothing left to process, and the event is not applied.
      await waitForConsumerGroup('analytics', 'user-events');
      expect(await registrations()).toBe(before);

      const listed = dlq('list', 'user-events', '--group', 'analytics', '--json');
      expect(listed.status).toBe(0);
      const letters = listed.stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, any>);
      expect(letters.filter((letter) => letter.envelope?.id === parkedId)).toEqual([
        expect.objectContaining({
          group: 'analytics',
          attempts: 5,
          error: expect.stringContaining('user_facts is closed for maintenance'),
        }),
      ]);
    } finally {
      await runSql('analytics', CURE);
    }

    const replayed = dlq('replay', 'user-events', '--group', 'analytics', '--event', parkedId);
    expect(replayed.status).toBe(0);
    expect(replayed.stdout).toContain(`replayed 1 dead letter(s) from user-events.dlq to user-events`);
    await waitFor(async () => (await registrations()) === before + 1, 30_000, 250);

    // Replaying again reaches every group on user-events once more; each has the event in its inbox already.
    expect(dlq('replay', 'user-events', '--event', parkedId).status).toBe(0);
    await waitForConsumerGroup('analytics', 'user-events');
    expect(await registrations()).toBe(before + 1);
    const parkedAgain = dlq('list', 'user-events', '--json')
      .stdout.split('\n')
      .filter((line) => line.includes(parkedId));
    expect(parkedAgain).toHaveLength(1);
  });
});
