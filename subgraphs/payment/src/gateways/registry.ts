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
 * The sandbox always (started in this process unless PAYMENT_SANDBOX_URL points at a running one),
 * Stripe when its keys are set; each behind its own retry policy and circuit breaker.
 */
export async function createGateways(config: PaymentConfig, infra: Infrastructure): Promise<Gateways> {
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
  const raw: PaymentGateway[] = [new SandboxGateway(sandboxUrl, config.PAYMENT_SANDBOX_WEBHOOK_SECRET)];
  if (config.STRIPE_SECRET_KEY && config.STRIPE_WEBHOOK_SECRET) {
    raw.push(new StripeGateway({ apiBase: config.STRIPE_API_BASE, secretKey: config.STRIPE_SECRET_KEY, webhookSecret: config.STRIPE_WEBHOOK_SECRET }));
  }
  const resilience = {
    timeoutMs: config.GATEWAY_TIMEOUT_MS,
    maxAttempts: config.GATEWAY_MAX_ATTEMPTS,
    breakerThreshold: config.GATEWAY_BREAKER_THRESHOLD,
    halfOpenAfterMs: config.GATEWAY_BREAKER_HALF_OPEN_MS,
  };
  return new Map(raw.map((gateway) => [gateway.name, new ResilientGateway(gateway, resilience, infra.logger)]));
}
