import { servicePort, type Infrastructure } from '@showstream/platform';
import type { PaymentConfig } from '../config.ts';
import type { PaymentGateway } from './gateway.ts';
import { ResilientGateway } from './resilience.ts';
import { SandboxGateway } from './sandbox/sandbox.gateway.ts';
import { SANDBOX_PORT_OFFSET, startSandboxGateway } from './sandbox/server.ts';
import { StripeGateway } from './stripe/stripe.gateway.ts';

/** The configured gateways by name; the first is the default. */
export type Gateways = ReadonlyMap<string, PaymentGateway>;

export function sandboxLatency(config: PaymentConfig): [number, number] {
  const [low, high = low] = config.PAYMENT_SANDBOX_LATENCY_MS.split('-').map(Number) as [number, number?];
  return [low, Math.max(low, high)];
}

/** Where gateways post webhooks to this service (reached directly, not through the router). */
export function webhookUrl(config: PaymentConfig, gateway: string): string {
  return `http://127.0.0.1:${servicePort(config, 'payment')}/webhooks/payments/${gateway}`;
}

/**
 * Told by readiness and logged at start when production runs the sandbox: it confirms bookings
 * without moving money, which a demo wants and a real box office must not do by accident.
 */
export const SANDBOX_IN_PRODUCTION_NOTICE =
  'the sandbox gateway is on in production (PAYMENT_SANDBOX=test-mode): its test cards confirm bookings without any money moving';

/**
 * The sandbox when enabled (started in this process unless PAYMENT_SANDBOX_URL points at a running
 * one), Stripe when its keys are set; each behind its own retry policy and circuit breaker. Outside
 * production the sandbox is the default; in production a real gateway is, when there is one.
 */
export async function createGateways(config: PaymentConfig, infra: Infrastructure): Promise<Gateways> {
  const sandbox: PaymentGateway[] = config.sandboxEnabled ? [await sandboxGateway(config, infra)] : [];
  const real: PaymentGateway[] = [];
  if (config.STRIPE_SECRET_KEY && config.STRIPE_WEBHOOK_SECRET) {
    real.push(
      new StripeGateway({
        apiBase: config.STRIPE_API_BASE,
        secretKey: config.STRIPE_SECRET_KEY,
        webhookSecret: config.STRIPE_WEBHOOK_SECRET,
      }),
    );
  }
  const production = config.NODE_ENV === 'production';
  if (production && config.sandboxEnabled) infra.logger.warn(SANDBOX_IN_PRODUCTION_NOTICE);
  const resilience = {
    timeoutMs: config.GATEWAY_TIMEOUT_MS,
    maxAttempts: config.GATEWAY_MAX_ATTEMPTS,
    breakerThreshold: config.GATEWAY_BREAKER_THRESHOLD,
    halfOpenAfterMs: config.GATEWAY_BREAKER_HALF_OPEN_MS,
  };
  const ordered = production ? [...real, ...sandbox] : [...sandbox, ...real];
  return new Map(ordered.map((gateway) => [gateway.name, new ResilientGateway(gateway, resilience, infra.logger)]));
}

async function sandboxGateway(config: PaymentConfig, infra: Infrastructure): Promise<SandboxGateway> {
  let sandboxUrl = config.PAYMENT_SANDBOX_URL;
  if (!sandboxUrl) {
    const sandbox = await startSandboxGateway({
      host: config.HOST,
      port: config.PORT_BASE + SANDBOX_PORT_OFFSET,
      webhookUrl: config.PAYMENT_SANDBOX_WEBHOOK_URL ?? webhookUrl(config, 'sandbox'),
      webhookSecret: config.PAYMENT_SANDBOX_WEBHOOK_SECRET,
      latencyMs: sandboxLatency(config),
      failureRate: config.PAYMENT_SANDBOX_FAILURE_RATE,
      logger: infra.logger,
    });
    infra.lifecycle.onShutdown('payment sandbox', () => sandbox.close());
    sandboxUrl = sandbox.url;
  }
  return new SandboxGateway(sandboxUrl, config.PAYMENT_SANDBOX_WEBHOOK_SECRET);
}
