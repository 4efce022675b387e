import {
  OIDC_SANDBOX_CLIENT_ID,
  OIDC_SANDBOX_PORT,
  STRIPE_SANDBOX_PORT,
  STRIPE_SANDBOX_SECRET_KEY,
  STRIPE_SANDBOX_WEBHOOK_SECRET,
  TEST_REDIS_NAMESPACE,
  dropTestDatabases,
  messagingSandboxEnv,
  startMessagingSandbox,
  startOtlpCollector,
  startSmtpSandbox,
  startOidcSandbox,
  startPrivateRedis,
  startStack,
  startStripeSandbox,
  testEnvironment,
} from '../src/index.ts';

/** Starts the OIDC and Stripe sandboxes and the real stack once for every test file. */
/** The fault phase (scripts/test.ts): a stack of its own, with outages in it. */
const faultTests = process.env.SHOWSTREAM_FAULT_TESTS === '1';

export default async function globalSetup(): Promise<void> {
  await dropTestDatabases(testEnvironment().postgresUrl);
  // Fault tests stop and start Redis: they get a Redis of their own, never the machine's shared one.
  if (faultTests) process.env.REDIS_URL = await startPrivateRedis();
  const oidc = await startOidcSandbox(OIDC_SANDBOX_PORT);
  // Stripe's API for the payment subgraph's Stripe gateway; its webhooks go straight to the payment subgraph.
  const stripe = await startStripeSandbox({
    port: STRIPE_SANDBOX_PORT,
    webhookUrl: `http://127.0.0.1:${testEnvironment().portBase + 5}/webhooks/payments/stripe`,
  });
  // SMTP and the HTTP messaging providers (Twilio, WhatsApp Cloud API, FCM) for the notification subgraph.
  const smtp = await startSmtpSandbox();
  const messaging = await startMessagingSandbox({ smtp });
  // Every service exports its traces here, so a test can follow one request across the stack.
  const otlp = await startOtlpCollector();
  const stack = await startStack({
    // Short, so the reuse-detection test need not wait the production default of 10 s.
    REFRESH_REUSE_GRACE_SECONDS: '1',
    // Realistic data for search, listings and the query-count test, loaded the way `npm start` does.
    SEED_DEMO_DATA: 'true',
    // Holds of 12 s and a fast sweep, so expiry tests finish in seconds; fault tests get 90 s, so a
    // hold booked while the broker is down outlasts the broker's restart and is still there to be consumed.
    HOLD_MINUTES: faultTests ? '1.5' : '0.2',
    EXPIRY_SWEEP_MS: '200',
    // Payment windows of 30 s (longer than a hold, so a booking outlives its hold) and a fast deadline sweep;
    // fault tests get 5 minutes, since a broker restart alone takes longer than 30 s to recover from.
    PAYMENT_WINDOW_MINUTES: faultTests ? '5' : '0.5',
    PAYMENT_GRACE_SECONDS: '1',
    BOOKING_EXPIRY_SWEEP_MS: '200',
    // Bookings left unpaid for 10 s of their 30 get the HOLD_EXPIRING reminder.
    EXPIRY_WARNING_SECONDS: '20',
    OIDC_PROVIDERS: JSON.stringify({ sandbox: { issuer: oidc.issuer, clientId: OIDC_SANDBOX_CLIENT_ID } }),
    STRIPE_API_BASE: stripe.url,
    STRIPE_SECRET_KEY: STRIPE_SANDBOX_SECRET_KEY,
    STRIPE_WEBHOOK_SECRET: STRIPE_SANDBOX_WEBHOOK_SECRET,
    ...messagingSandboxEnv(smtp),
    // Retries in fractions of a second, so backoff tests finish quickly.
    NOTIFICATION_RETRY_BASE_MS: '300',
    // Fault tests hang a subgraph: the router gives up on it after 5 s rather than the production 60 s.
    ...(faultTests ? { SUBGRAPH_TIMEOUT_MS: '5000' } : {}),
    OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
    // Batches every 100 ms rather than 5 s, so the tracing test need not wait for spans.
    OTEL_BSP_SCHEDULE_DELAY: '100',
    // Every test client is one address signing in and registering many users: budgets that never bind here.
    // The protections' own tests run a router of their own with strict ones (router/test/hostile-requests.test.ts).
    RATE_LIMIT_KEY_PREFIX: TEST_REDIS_NAMESPACE,
    RATE_LIMIT_REQUESTS: '1000000/60',
    RATE_LIMIT_AUTH: '1000000/60',
    RATE_LIMIT_SEAT_LOCKS: '1000000/60',
    RATE_LIMIT_PAYMENTS: '1000000/60',
    WS_MAX_CONNECTIONS_PER_IP: '100000',
  });
  Object.assign(globalThis, { __showstream: { stack, oidc, stripe, smtp, messaging, otlp } });
}
