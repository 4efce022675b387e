/**
 * The payment service in production mode, as a process of its own beside the test stack (its own
 * database under `prod_`, the in-process bus, so it takes nothing from the stack's consumer groups)
 * behind a production router: it refuses to start with a missing or published webhook secret or no
 * gateway at all, offers no sandbox unless PAYMENT_SANDBOX=test-mode, and, in test mode, says so
 * and still refuses webhooks signed with the public development secret.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SERVICE_PORT_OFFSETS, usersJwksUrl } from '@showstream/platform';
import {
  STRIPE_SANDBOX_PORT,
  STRIPE_SANDBOX_SECRET_KEY,
  STRIPE_SANDBOX_WEBHOOK_SECRET,
  TEST_DB_PREFIX,
  TEST_ROUTER_SECRET,
  graphqlClient,
  registerUser,
  runSql,
  runUntilExit,
  startRouterProcess,
  startServiceProcess,
  testEnvironment,
  waitFor,
  type RouterProcess,
} from '@showstream/testkit';
import { DEVELOPMENT_SANDBOX_WEBHOOK_SECRET } from '../src/config.ts';
import { SANDBOX_IN_PRODUCTION_NOTICE } from '../src/gateways/registry.ts';
import { signWebhook } from '../src/gateways/signature.ts';
import { INITIATE, PAYMENT, request as stackRequest } from './helpers.ts';

const stack = testEnvironment();
/** Nothing else of the stack's uses +60 to +69: this payment service listens on +65, its sandbox on +68. */
const PORT_BASE = stack.portBase + 60;
const PAYMENT_URL = `http://127.0.0.1:${PORT_BASE + SERVICE_PORT_OFFSETS.payment}`;
const secret = () => `whsec_${randomBytes(24).toString('hex')}`;

/** Production, on the stack's PostgreSQL, Redis and users' keys, with no gateway of its own unless `env` gives one. */
const productionEnv = (env: Record<string, string>) => ({
  NODE_ENV: 'production',
  LOG_LEVEL: 'info',
  PORT_BASE: String(PORT_BASE),
  POSTGRES_URL: stack.postgresUrl,
  DB_NAME_PREFIX: `${TEST_DB_PREFIX}prod_`,
  REDIS_URL: stack.redisUrl,
  KAFKA_BROKERS: '',
  ROUTER_SECRET: TEST_ROUTER_SECRET,
  USERS_JWKS_URL: usersJwksUrl({ PORT_BASE: stack.portBase, USERS_JWKS_URL: process.env.USERS_JWKS_URL }),
  ...env,
});
const startPayment = (env: Record<string, string>) =>
  startServiceProcess('subgraphs/payment/src/main.ts', productionEnv(env), {
    port: PORT_BASE + SERVICE_PORT_OFFSETS.payment,
    label: 'payment-production',
  });
const readiness = async () =>
  (await fetch(`${PAYMENT_URL}/health/ready`)).json() as Promise<{ status: string; notices?: Record<string, string> }>;

let router: RouterProcess;
let request: ReturnType<typeof graphqlClient>;

beforeAll(async () => {
  router = await startRouterProcess(
    {
      SUBGRAPH_URL_PAYMENT: `${PAYMENT_URL}/graphql`,
      TRUSTED_OPERATIONS: 'off',
      RATE_LIMIT_KEY_PREFIX: `payment-production-${randomUUID()}`,
    },
    { portOffset: 57 },
  );
  request = graphqlClient(router.url);
}, 90_000);

afterAll(() => router?.stop());

describe('payment in production', () => {
  it('refuses to start with a missing or published webhook secret, or with no gateway, naming the variable', async () => {
    const stripe = {
      STRIPE_API_BASE: `http://127.0.0.1:${STRIPE_SANDBOX_PORT}`,
      STRIPE_SECRET_KEY: `sk_live_${randomBytes(12).toString('hex')}`,
    };
    const cases: [Record<string, string>, string][] = [
      [{ PAYMENT_SANDBOX: 'test-mode' }, 'PAYMENT_SANDBOX_WEBHOOK_SECRET: is not set'],
      [
        { PAYMENT_SANDBOX: 'test-mode', PAYMENT_SANDBOX_WEBHOOK_SECRET: DEVELOPMENT_SANDBOX_WEBHOOK_SECRET },
        'PAYMENT_SANDBOX_WEBHOOK_SECRET: is a published value',
      ],
      [
        { PAYMENT_SANDBOX: 'test-mode', PAYMENT_SANDBOX_WEBHOOK_SECRET: 'change-me-sandbox-webhook-secret' },
        'PAYMENT_SANDBOX_WEBHOOK_SECRET: is a published value',
      ],
      [{ ...stripe }, 'STRIPE_WEBHOOK_SECRET: is not set'],
      [
        { ...stripe, STRIPE_WEBHOOK_SECRET: STRIPE_SANDBOX_WEBHOOK_SECRET },
        'STRIPE_WEBHOOK_SECRET: is a published value',
      ],
      [
        { ...stripe, STRIPE_SECRET_KEY: STRIPE_SANDBOX_SECRET_KEY, STRIPE_WEBHOOK_SECRET: secret() },
        'STRIPE_SECRET_KEY: is a published value',
      ],
      [{}, 'PAYMENT_SANDBOX: no payment gateway is enabled'],
    ];
    const outcomes = await Promise.all(
      cases.map(([env]) => runUntilExit('subgraphs/payment/src/main.ts', productionEnv(env), 100_000)),
    );
    outcomes.forEach(({ code, output }, index) => {
      expect({ code, refused: output.includes(cases[index]![1]) }).toEqual({ code: 1, refused: true });
    });
  }, 120_000);

  it('offers no sandbox gateway without PAYMENT_SANDBOX=test-mode', async () => {
    const payment = await startPayment({
      STRIPE_API_BASE: `http://127.0.0.1:${STRIPE_SANDBOX_PORT}`,
      STRIPE_SECRET_KEY: `sk_live_${randomBytes(12).toString('hex')}`,
      STRIPE_WEBHOOK_SECRET: secret(),
    });
    try {
      const gateways = await request('{ paymentGateways }');
      expect(gateways.status).toBe(200);
      expect(gateways.data!.paymentGateways).toEqual(['stripe']);
      const user = await registerUser(stackRequest, 'prod-nosandbox');
      const refused = await request(
        INITIATE,
        { booking: randomUUID(), method: 'CARD', gateway: 'sandbox' },
        { token: user.accessToken },
      );
      expect(refused.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'gateway' });
      // Nothing listens for the sandbox's webhooks, and readiness has nothing to warn of.
      expect((await fetch(`${PAYMENT_URL}/webhooks/payments/sandbox`, { method: 'POST', body: '{}' })).status).toBe(
        404,
      );
      expect(await readiness()).not.toHaveProperty('notices');
    } finally {
      await payment.stop();
    }
  }, 90_000);

  it('in test mode warns at start and in readiness, and rejects a webhook signed with the development secret', async () => {
    const webhookSecret = secret();
    const payment = await startPayment({ PAYMENT_SANDBOX: 'test-mode', PAYMENT_SANDBOX_WEBHOOK_SECRET: webhookSecret });
    try {
      expect(readFileSync(payment.logFile, 'utf8')).toContain(SANDBOX_IN_PRODUCTION_NOTICE);
      expect((await readiness()).notices).toEqual({ paymentSandbox: SANDBOX_IN_PRODUCTION_NOTICE });
      expect((await request('{ paymentGateways }')).data!.paymentGateways).toEqual(['sandbox']);

      // The booking as booking-events would have projected it (this process hears no Kafka).
      const user = await registerUser(stackRequest, 'prod-webhook');
      const bookingId = randomUUID();
      await runSql(
        'prod_payment',
        "insert into booking_projection (booking_id, reference, user_id, show_id, total_minor, final_minor, currency, expires_at) values ($1, $2, $3, $4, 42000, 45900, 'INR', now() + interval '10 minutes')",
        [bookingId, `BK${randomBytes(4).toString('hex').toUpperCase()}`, user.id, randomUUID()],
      );
      const initiated = await request(INITIATE, { booking: bookingId, method: 'CARD' }, { token: user.accessToken });
      expect(initiated.errors).toBeUndefined();
      const { transactionId } = initiated.data!.initiatePayment as { transactionId: string };
      const status = async () =>
        (await request(PAYMENT, { txn: transactionId }, { token: user.accessToken })).data!.payment.status as string;

      const event = JSON.stringify({
        id: `evt_${randomBytes(8).toString('hex')}`,
        type: 'charge.succeeded',
        created: Math.floor(Date.now() / 1000),
        data: {
          object: {
            id: `ch_${randomBytes(8).toString('hex')}`,
            status: 'succeeded',
            amountMinor: 45_900,
            currency: 'INR',
            metadata: { transactionId },
          },
        },
      });
      const post = (signingSecret: string) =>
        fetch(`${PAYMENT_URL}/webhooks/payments/sandbox`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'sandbox-signature': signWebhook(signingSecret, event) },
          body: event,
        });
      const forged = await post(DEVELOPMENT_SANDBOX_WEBHOOK_SECRET);
      expect(forged.status).toBe(400);
      expect(await status()).toBe('INITIATED');
      // The same event signed with this deployment's secret is applied: the refusal was the signature's.
      expect((await post(webhookSecret)).status).toBe(200);
      await waitFor(async () => (await status()) === 'SUCCEEDED', 10_000, 100);
    } finally {
      await payment.stop();
    }
  }, 90_000);
});
