import { z } from 'zod';
import { ConfigError, internalCallConfigShape, loadConfig, requireProductionSecrets } from '@showstream/platform';

/** Public on purpose, like the development router secret: production sets its own. */
export const DEVELOPMENT_SANDBOX_WEBHOOK_SECRET = 'whsec_showstream_sandbox_development';

/**
 * Secrets anyone can read in this repository, refused in production: the development default,
 * the placeholder docker-compose.yml once filled in, and testkit's Stripe sandbox credentials.
 */
const PUBLISHED_SECRETS = [
  DEVELOPMENT_SANDBOX_WEBHOOK_SECRET,
  'change-me-sandbox-webhook-secret',
  'whsec_test_showstream_stripe_sandbox',
  'sk_test_showstream_stripe_sandbox',
];

export const paymentConfigShape = {
  /** The sandbox gateway's URL; unset: the payment service starts it in-process on PORT_BASE + 8. */
  PAYMENT_SANDBOX_URL: z.url().optional(),
  /**
   * `test-mode` offers the sandbox gateway, which confirms bookings without moving money: the default
   * outside production; in production the sandbox is off unless this names test mode.
   */
  PAYMENT_SANDBOX: z.enum(['test-mode', 'off']).optional(),
  /** Shared by the sandbox (signs its webhooks) and this service (verifies them); the development value outside production. */
  PAYMENT_SANDBOX_WEBHOOK_SECRET: z.string().min(16).optional(),
  /** The sandbox server's own settings: where it posts webhooks (default: this service), latency ("min-max" ms), failure rate. */
  PAYMENT_SANDBOX_WEBHOOK_URL: z.url().optional(),
  PAYMENT_SANDBOX_LATENCY_MS: z
    .string()
    .regex(/^\d+(-\d+)?$/)
    .default('0'),
  PAYMENT_SANDBOX_FAILURE_RATE: z.coerce.number().min(0).max(1).default(0),
  /** Stripe: offered as a gateway only when both secrets are set. */
  STRIPE_API_BASE: z.url().default('https://api.stripe.com'),
  STRIPE_SECRET_KEY: z.string().min(8).optional(),
  STRIPE_WEBHOOK_SECRET: z.string().min(8).optional(),
  /** Asking booking for a just-created booking the consumer has not brought yet. */
  ...internalCallConfigShape,
  /** One gateway call: its timeout, attempts, and when the circuit breaker opens and tries again. */
  GATEWAY_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  GATEWAY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(5).default(3),
  GATEWAY_BREAKER_THRESHOLD: z.coerce.number().int().min(1).max(100).default(5),
  GATEWAY_BREAKER_HALF_OPEN_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  /** Payments left PROCESSING this long (a crash, an unreachable gateway) are re-sent by the reconciler. */
  RECONCILE_AFTER_MS: z.coerce.number().int().min(100).default(15_000),
  RECONCILE_INTERVAL_MS: z.coerce.number().int().min(100).default(5_000),
  /** How often queued refunds are sent, and how many attempts a refund gets before RefundFailed. */
  REFUND_INTERVAL_MS: z.coerce.number().int().min(50).default(500),
  REFUND_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  /** Fraud rules (see fraud/fraud.service.ts): the limits, per rolling window. */
  FRAUD_MAX_ATTEMPTS_PER_USER_10M: z.coerce.number().int().min(1).default(5),
  FRAUD_MAX_USERS_PER_CARD_24H: z.coerce.number().int().min(1).default(3),
  FRAUD_MAX_DECLINES_PER_USER_1H: z.coerce.number().int().min(1).default(3),
  /** A single payment above this is flagged (default ₹2,00,000). */
  FRAUD_FLAG_AMOUNT_MINOR: z.coerce.number().int().min(1).default(20_000_000),
};

/**
 * The payment settings, refusing a production set-up that would take unpaid bookings: every enabled
 * gateway needs a webhook secret of its own (with a published one anyone can forge a payment), the
 * sandbox runs only when PAYMENT_SANDBOX names test mode, and at least one gateway must be enabled.
 */
export function loadPaymentConfig(env: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(paymentConfigShape, env);
  const sandboxEnabled =
    (config.PAYMENT_SANDBOX ?? (config.NODE_ENV === 'production' ? 'off' : 'test-mode')) === 'test-mode';
  const stripeEnabled = Boolean(config.STRIPE_SECRET_KEY && config.STRIPE_WEBHOOK_SECRET);
  const published = { published: PUBLISHED_SECRETS };
  requireProductionSecrets(config, {
    ...(sandboxEnabled
      ? { PAYMENT_SANDBOX_WEBHOOK_SECRET: { value: config.PAYMENT_SANDBOX_WEBHOOK_SECRET, ...published } }
      : {}),
    // Half a Stripe set-up is a mistake to report, not a reason to start without Stripe.
    ...(config.STRIPE_SECRET_KEY || config.STRIPE_WEBHOOK_SECRET
      ? {
          STRIPE_SECRET_KEY: { value: config.STRIPE_SECRET_KEY, ...published },
          STRIPE_WEBHOOK_SECRET: { value: config.STRIPE_WEBHOOK_SECRET, ...published },
        }
      : {}),
  });
  if (!sandboxEnabled && !stripeEnabled) {
    throw new ConfigError(
      'Invalid configuration:\n  PAYMENT_SANDBOX: no payment gateway is enabled; set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET, or PAYMENT_SANDBOX=test-mode for a demo that takes no money',
    );
  }
  return {
    ...config,
    sandboxEnabled,
    PAYMENT_SANDBOX_WEBHOOK_SECRET: config.PAYMENT_SANDBOX_WEBHOOK_SECRET ?? DEVELOPMENT_SANDBOX_WEBHOOK_SECRET,
  };
}
export type PaymentConfig = ReturnType<typeof loadPaymentConfig>;
