import {
  BrokenCircuitError,
  ConsecutiveBreaker,
  ExponentialBackoff,
  TaskCancelledError,
  TimeoutStrategy,
  circuitBreaker,
  handleWhen,
  retry,
  timeout,
  wrap,
  type IPolicy,
} from 'cockatiel';
import type { Logger } from '@showstream/platform';
import {
  GatewayUnavailableError,
  TransientGatewayError,
  type ChargeRequest,
  type PaymentGateway,
  type RefundRequest,
} from './gateway.ts';

export interface ResilienceOptions {
  timeoutMs: number;
  /** Calls per operation, the first included. */
  maxAttempts: number;
  breakerThreshold: number;
  halfOpenAfterMs: number;
}

const transient = (error: unknown) => error instanceof TransientGatewayError || error instanceof TaskCancelledError;

/**
 * Bounded retries with exponential backoff and jitter, around a circuit breaker (one per gateway),
 * around a per-call timeout. Only transient failures count: a decline is an answer, not a failure.
 * Retries are safe because every call carries its idempotency key. When the breaker is open calls
 * fail at once without reaching the gateway, so a failing gateway is not hammered and callers
 * learn quickly that they should come back later.
 */
export function gatewayPolicy(options: ResilienceOptions): IPolicy {
  const retries = retry(handleWhen(transient), {
    maxAttempts: options.maxAttempts - 1,
    backoff: new ExponentialBackoff({ initialDelay: 100, maxDelay: 2_000 }),
  });
  const breaker = circuitBreaker(handleWhen(transient), {
    breaker: new ConsecutiveBreaker(options.breakerThreshold),
    halfOpenAfter: options.halfOpenAfterMs,
  });
  return wrap(retries, breaker, timeout(options.timeoutMs, TimeoutStrategy.Aggressive));
}

/** A gateway whose calls go through the resilience policy and fail as GatewayUnavailableError. */
export class ResilientGateway implements PaymentGateway {
  readonly #inner: PaymentGateway;
  readonly #policy: IPolicy;
  readonly #logger: Logger;

  constructor(inner: PaymentGateway, options: ResilienceOptions, logger: Logger) {
    this.#inner = inner;
    this.#policy = gatewayPolicy(options);
    this.#logger = logger;
  }

  get name(): string {
    return this.#inner.name;
  }

  async #call<T>(operation: string, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
    let dispatched = false;
    try {
      return await this.#policy.execute(({ signal }) => {
        dispatched = true;
        return call(signal);
      });
    } catch (error) {
      if (!transient(error) && !(error instanceof BrokenCircuitError)) throw error;
      this.#logger.warn({ err: error, gateway: this.name, operation, dispatched }, 'payment gateway unavailable');
      throw new GatewayUnavailableError(this.name, {
        dispatched,
        circuitOpen: error instanceof BrokenCircuitError,
        cause: error,
      });
    }
  }

  assessRisk(token: string, amountMinor: number, currency: string) {
    return this.#call('risk', (signal) => this.#inner.assessRisk(token, amountMinor, currency, signal));
  }

  charge(request: ChargeRequest) {
    return this.#call('charge', (signal) => this.#inner.charge(request, signal));
  }

  refund(request: RefundRequest) {
    return this.#call('refund', (signal) => this.#inner.refund(request, signal));
  }

  parseWebhook(rawBody: Buffer, headers: Parameters<PaymentGateway['parseWebhook']>[1]) {
    return this.#inner.parseWebhook(rawBody, headers);
  }
}
