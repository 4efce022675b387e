import type { IncomingHttpHeaders } from 'node:http';

/** A charge for one payment; the transaction id is the gateway's idempotency key, so re-sending it never charges twice. */
export interface ChargeRequest {
  idempotencyKey: string;
  amountMinor: number;
  currency: string;
  token: string;
  metadata: { transactionId: string; bookingId: string; userId: string };
}

export type ChargeResult =
  | { outcome: 'succeeded'; gatewayTransactionId: string; response: Record<string, unknown> }
  | {
      outcome: 'declined';
      code: 'DECLINED' | 'FRAUD_BLOCKED';
      reason: string;
      gatewayTransactionId?: string;
      response: Record<string, unknown>;
    }
  /** Accepted but not settled: the gateway reports the outcome by webhook (or the reconciler asks again). */
  | { outcome: 'pending'; gatewayTransactionId: string; response: Record<string, unknown> };

/** A refund; the refund id is the gateway's idempotency key. */
export interface RefundRequest {
  idempotencyKey: string;
  gatewayTransactionId: string;
  amountMinor: number;
  currency: string;
  metadata: { refundId: string; transactionId: string };
}

export type RefundResult =
  | { outcome: 'succeeded'; gatewayRefundId: string; response: Record<string, unknown> }
  | { outcome: 'pending'; gatewayRefundId: string; response: Record<string, unknown> }
  /** The gateway refused for good (e.g. the charge cannot be refunded); retrying will not help. */
  | { outcome: 'failed'; reason: string; response: Record<string, unknown> };

export type RiskLevel = 'normal' | 'elevated' | 'highest' | 'unknown';

export interface RiskAssessment {
  level: RiskLevel;
  /** Identifies the card behind a token across payments, for velocity rules. */
  fingerprint: string;
}

/** What a verified webhook tells us, in the gateway-neutral terms the payment service applies. */
export type WebhookEffect =
  | { kind: 'payment.succeeded'; transactionId: string; gatewayTransactionId: string; amountMinor: number }
  | {
      kind: 'payment.failed';
      transactionId: string;
      gatewayTransactionId?: string;
      /** Classified as the charge's own answer would be, so whichever arrives first records the same failure. */
      code: 'DECLINED' | 'FRAUD_BLOCKED';
      reason: string;
    }
  | { kind: 'refund.succeeded'; refundIds: string[] }
  | { kind: 'ignored' };

export interface WebhookEvent {
  id: string;
  type: string;
  effect: WebhookEffect;
  payload: unknown;
}

/** One payment gateway behind the one interface the payment service uses. */
export interface PaymentGateway {
  readonly name: string;
  assessRisk(token: string, amountMinor: number, currency: string, signal?: AbortSignal): Promise<RiskAssessment>;
  charge(request: ChargeRequest, signal?: AbortSignal): Promise<ChargeResult>;
  refund(request: RefundRequest, signal?: AbortSignal): Promise<RefundResult>;
  /** Verifies the signature over the raw body (throws WebhookSignatureError) and parses the event. */
  parseWebhook(rawBody: Buffer, headers: IncomingHttpHeaders): WebhookEvent;
}

/** Worth retrying: a timeout, a network error, a 5xx, a rate limit, a concurrent request with the same idempotency key. */
export class TransientGatewayError extends Error {
  override name = 'TransientGatewayError';
}

/**
 * The gateway could not give an answer. `dispatched` says whether any request left this process:
 * if none did, nothing can have been charged.
 */
export class GatewayUnavailableError extends Error {
  override name = 'GatewayUnavailableError';
  readonly dispatched: boolean;
  readonly circuitOpen: boolean;

  constructor(gateway: string, options: { dispatched: boolean; circuitOpen: boolean; cause?: unknown }) {
    super(`${gateway} gateway unavailable${options.circuitOpen ? ' (circuit open)' : ''}`, { cause: options.cause });
    this.dispatched = options.dispatched;
    this.circuitOpen = options.circuitOpen;
  }
}

export class WebhookSignatureError extends Error {
  override name = 'WebhookSignatureError';
}

export interface GatewayResponse {
  status: number;
  body: Record<string, any>;
}

/**
 * One HTTP call to a gateway's API. Network errors, timeouts, 5xx, 429 and 409 (a concurrent
 * request with the same idempotency key) become TransientGatewayError, for the retry policy;
 * any other status is an answer for the adapter to read.
 */
export async function gatewayFetch(url: string, init: RequestInit): Promise<GatewayResponse> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    throw new TransientGatewayError(`request to ${new URL(url).host} failed`, { cause: error });
  }
  const text = await response.text();
  if (response.status === 408 || response.status === 409 || response.status === 429 || response.status >= 500) {
    throw new TransientGatewayError(`gateway answered ${response.status}`);
  }
  let body: Record<string, any>;
  try {
    body = JSON.parse(text) as Record<string, any>;
  } catch {
    throw new TransientGatewayError(`gateway answered ${response.status} without JSON`);
  }
  return { status: response.status, body };
}
