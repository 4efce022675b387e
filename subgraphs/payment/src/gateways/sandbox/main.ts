/** Runs the sandbox gateway as its own process (docker-compose); the payment service then sets PAYMENT_SANDBOX_URL. */
import { createLogger } from '@showstream/platform';
import { loadPaymentConfig } from '../../config.ts';
import { sandboxLatency, webhookUrl } from '../registry.ts';
import { SANDBOX_PORT_OFFSET, startSandboxGateway } from './server.ts';

const config = loadPaymentConfig();
const logger = createLogger('payment-sandbox', config.LOG_LEVEL);
const sandbox = await startSandboxGateway({
  host: config.HOST,
  port: Number(process.env.PAYMENT_SANDBOX_PORT ?? config.PORT_BASE + SANDBOX_PORT_OFFSET),
  webhookUrl: config.PAYMENT_SANDBOX_WEBHOOK_URL ?? webhookUrl(config, 'sandbox'),
  webhookSecret: config.PAYMENT_SANDBOX_WEBHOOK_SECRET,
  latencyMs: sandboxLatency(config),
  failureRate: config.PAYMENT_SANDBOX_FAILURE_RATE,
  logger,
});
for (const signal of ['SIGTERM', 'SIGINT'] as const)
  process.once(signal, () => void sandbox.close().then(() => process.exit(0)));
