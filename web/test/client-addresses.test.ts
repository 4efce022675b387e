/**
 * Behind the web server every browser request reaches the router from the web server's address.
 * With the router trusting that one proxy (TRUST_PROXY=1), sign-ins from 20 different people are
 * 20 budgets, not one; without it, they share the first caller's. Each side is a web server
 * process in front of a production router process with a strict sign-in budget; the clients
 * bind distinct loopback addresses (127.0.0.2 … 127.0.0.21).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { WEB_PORT_OFFSET } from '@showstream/platform';
import {
  registerUser,
  graphqlClient,
  repositoryRoot,
  startRouterProcess,
  testEnvironment,
  waitFor,
  type RouterProcess,
  type TestUser,
} from '@showstream/testkit';

const AUTH_BUDGET = 3;
const CLIENTS = 20;
const env = testEnvironment();
const manifest = JSON.parse(
  readFileSync(new URL('../../client-ops/generated/persisted-operations.json', import.meta.url), 'utf8'),
) as { operations: { name: string; body: string }[] };
// Production routers run only client-ops' operations for anonymous callers: the Login document as published.
const LOGIN = manifest.operations.find((operation) => operation.name === 'Login')!.body;

interface Side {
  router: RouterProcess;
  web: ChildProcess;
  url: string;
}
let user: TestUser;
let trusting: Side;
let untrusting: Side;

/** A production router with a strict sign-in budget (counters of its own), behind a web server process. */
async function side(trustProxy: number, offset: number): Promise<Side> {
  const router = await startRouterProcess(
    {
      RATE_LIMIT_KEY_PREFIX: `addresses-${randomUUID()}`,
      RATE_LIMIT_AUTH: `${AUTH_BUDGET}/60`,
      TRUST_PROXY: String(trustProxy),
    },
    { portOffset: offset },
  );
  // The web server listens on its PORT_BASE + 9 (+73 and +74, metrics 10 above), beside its router (+71 and +72, metrics +81
  // and +82): a range of their own, since other suites' second routers use +50 to +59 at the same time.
  const portBase = env.portBase + offset - 7;
  const web = spawn(process.execPath, ['web/server/main.ts'], {
    cwd: repositoryRoot,
    env: { ...process.env, PORT_BASE: String(portBase), HOST: '127.0.0.1', ROUTER_URL: new URL(router.url).origin },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${portBase + WEB_PORT_OFFSET}/graphql`;
  await waitFor(
    () =>
      fetch(url.replace('/graphql', '/health/live')).then(
        (response) => response.ok,
        () => false,
      ),
    30_000,
    200,
  );
  return { router, web, url };
}

beforeAll(async () => {
  user = await registerUser(graphqlClient(env.routerUrl), 'addresses');
  [trusting, untrusting] = await Promise.all([side(1, 71), side(0, 72)]);
}, 240_000);

afterAll(async () => {
  for (const each of [trusting, untrusting]) {
    each?.web.kill('SIGTERM');
    await each?.router.stop();
  }
});

/** Signs in through the web server from `address`, optionally claiming another with X-Forwarded-For; returns the error code, if any. */
function signIn(url: string, address: string, forwardedFor?: string): Promise<string | undefined> {
  const body = JSON.stringify({ query: LOGIN, variables: { email: user.email, password: user.password } });
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      url,
      {
        method: 'POST',
        localAddress: address,
        agent: false,
        headers: { 'content-type': 'application/json', ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
      },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => {
          const reply = JSON.parse(text) as {
            data?: { login?: { accessToken: string } };
            errors?: { extensions?: { code?: string } }[];
          };
          if (reply.errors) resolve(reply.errors[0]?.extensions?.code ?? 'ERROR');
          else if (reply.data?.login?.accessToken) resolve(undefined);
          else reject(new Error(`unexpected reply: ${text}`));
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

const clientAddress = (index: number) => `127.0.0.${index + 2}`;

describe('sign-ins through the web server', () => {
  it('are budgeted per client address when the router trusts the one proxy in front of it', async () => {
    const outcomes: (string | undefined)[] = [];
    for (let index = 0; index < CLIENTS; index++) outcomes.push(await signIn(trusting.url, clientAddress(index)));
    expect(outcomes).toEqual(Array(CLIENTS).fill(undefined));

    // Each address still has its own strict budget, and a client cannot escape it by claiming addresses.
    const lone = '127.0.0.30';
    const repeated: (string | undefined)[] = [];
    for (let attempt = 0; attempt <= AUTH_BUDGET; attempt++)
      repeated.push(await signIn(trusting.url, lone, `10.9.8.${attempt}`));
    expect(repeated).toEqual([...Array(AUTH_BUDGET).fill(undefined), 'RATE_LIMITED']);
  }, 120_000);

  it('share one budget when the router does not trust the proxy: everyone is the web server', async () => {
    const outcomes: (string | undefined)[] = [];
    for (let index = 0; index < CLIENTS; index++) outcomes.push(await signIn(untrusting.url, clientAddress(index)));
    expect(outcomes.slice(0, AUTH_BUDGET)).toEqual(Array(AUTH_BUDGET).fill(undefined));
    expect(outcomes.slice(AUTH_BUDGET)).toEqual(Array(CLIENTS - AUTH_BUDGET).fill('RATE_LIMITED'));
  }, 120_000);
});
