import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from '@jest/globals';
import { testEnvironment, waitFor } from '@showstream/testkit';
import {
  InProcessTokenRevocations,
  RedisTokenRevocations,
  createLogger,
  type TokenRevocation,
  type TokenRevocationStore,
} from '../src/index.ts';

const logger = createLogger('token-revocations-test', 'silent');
const stores: TokenRevocationStore[] = [];
afterAll(() => Promise.all(stores.map((store) => store.close())));

const redisStore = (namespace: string) => {
  const store = new RedisTokenRevocations(testEnvironment().redisUrl, namespace, logger);
  stores.push(store);
  return store;
};
const revocation = (expiresInMs = 60_000): TokenRevocation => ({
  userId: randomUUID(),
  tokenVersion: 1,
  expiresAt: Date.now() + expiresInMs,
});

describe.each([
  ['in process', () => new InProcessTokenRevocations()],
  ['on Redis', () => redisStore(`test-${randomUUID()}`)],
])('token revocations %s', (_kind, create) => {
  it('gives a new watcher what is in force, leaves out what expired, and announces new ones', async () => {
    const store = create();
    const [inForce, expired, later] = [revocation(), revocation(-1), revocation()];
    await store.publish([inForce, expired]);
    const heard: TokenRevocation[] = [];
    await store.watch((announced) => heard.push(announced));
    expect(heard).toEqual([inForce]);
    await store.publish([later]);
    await waitFor(() => heard.length === 2, 2_000, 10);
    expect(heard[1]).toEqual(later);
  });
});

it('keeps namespaces apart on one Redis, as test stacks sharing it need', async () => {
  const [mine, theirs] = [redisStore(`test-${randomUUID()}`), redisStore(`test-${randomUUID()}`)];
  const heard: TokenRevocation[] = [];
  await theirs.watch((announced) => heard.push(announced));
  await mine.publish([revocation()]);
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(heard).toEqual([]);
});
