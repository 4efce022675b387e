import type { IncomingHttpHeaders } from 'node:http';
import {
  gatewayFetch,
  type ChargeRequest,
  type ChargeResult,
  type GatewayResponse,
  type PaymentGateway,
  type RefundRequest,
  type RefundResult,
  type RiskAssessment,
  type WebhookEffect,
  type WebhookEvent,
} from '../gateway.ts';
import { verifyWebhookSignature } from '../signature.ts';

export interface StripeOptions {
  apiBase: string;
  secretKey: string;
  webhookSecret: string;
}

/** Stripe's decline codes that mean its fraud screening (Radar) blocked the charge. */
const FRAUD_DECLINES = new Set(['fraudulent', 'merchant_blacklist', 'stolen_card', 'lost_card']);

/** Stripe's form encoding: nested objects as `metadata[key]=value`. */
function formEncode(params: Record<string, unknown>, prefix = '', form = new URLSearchParams()): URLSearchParams {
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    const name = prefix ? `${prefix}[${key}]` : key;
    if (value !== null && typeof value === 'object') formEncode(value as Record<string, unknown>, name, form);
    else form.append(name, typeof value === 'string' ? value : JSON.stringify(value));
  }
  return form;
}

/**
 * Stripe's API: PaymentIntents confirmed at creation, refunds, and its webhooks. Every call
 * carries our idempotency key; Stripe stores the first answer for a key 24 h and refuses the
 * key with other parameters, so a re-sent charge never charges twice.
 */
export class StripeGateway implements PaymentGateway {
  readonly name = 'stripe';
  readonly #options: StripeOptions;

  constructor(options: StripeOptions) {
    this.#options = { ...options, apiBase: options.apiBase.replace(/\/$/, '') };
  }

  async #post(
    path: string,
    params: Record<string, unknown>,
    idempotencyKey: string,
    signal?: AbortSignal,
  ): Promise<GatewayResponse> {
    const response = await gatewayFetch(`${this.#options.apiBase}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${this.#options.secretKey}`,
        'content-type': 'application/x-www-form-urlencoded',
        'idempotency-key': idempotencyKey,
      },
      body: formEncode(params).toString(),
      ...(signal ? { signal } : {}),
    });
    if (response.status === 401 || response.status === 403)
      throw new Error(`stripe refused our credentials (${response.status})`);
    if (response.body.error?.type === 'idempotency_error')
      throw new Error(`stripe idempotency error: ${response.body.error.message}`);
    return response;
  }

  /** Stripe screens for fraud (Radar) while charging; it has no separate pre-charge score. */
  async assessRisk(token: string): Promise<RiskAssessment> {
    return { level: 'unknown', fingerprint: token };
  }

  async charge(request: ChargeRequest, signal?: AbortSignal): Promise<ChargeResult> {
    const { status, body } = await this.#post(
      '/v1/payment_intents',
      {
        amount: request.amountMinor,
        currency: request.currency.toLowerCase(),
        payment_method: request.token,
        confirm: true,
        automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
        metadata: {
          transaction_id: request.metadata.transactionId,
          booking_id: request.metadata.bookingId,
          user_id: request.metadata.userId,
        },
      },
      request.idempotencyKey,
      signal,
    );
    if (status === 200) {
      if (body.status === 'succeeded') return { outcome: 'succeeded', gatewayTransactionId: body.id, response: body };
      if (body.status === 'processing') return { outcome: 'pending', gatewayTransactionId: body.id, response: body };
      // requires_action (3-D Secure) needs a client-side step this API does not offer.
      return {
        outcome: 'declined',
        code: 'DECLINED',
        reason: body.last_payment_error?.message ?? `The payment could not be completed (${body.status}).`,
        gatewayTransactionId: body.id,
        response: body,
      };
    }
    const error = body.error ?? {};
    const fraud = FRAUD_DECLINES.has(error.decline_code);
    return {
      outcome: 'declined',
      code: fraud ? 'FRAUD_BLOCKED' : 'DECLINED',
      reason:
        error.type === 'card_error'
          ? (error.message ?? 'The card was declined.')
          : 'The payment method was not accepted.',
      ...(error.payment_intent?.id ? { gatewayTransactionId: error.payment_intent.id } : {}),
      response: body,
    };
  }

  async refund(request: RefundRequest, signal?: AbortSignal): Promise<RefundResult> {
    const { status, body } = await this.#post(
      '/v1/refunds',
      {
        payment_intent: request.gatewayTransactionId,
        amount: request.amountMinor,
        metadata: { refund_id: request.metadata.refundId, transaction_id: request.metadata.transactionId },
      },
      request.idempotencyKey,
      signal,
    );
    if (status === 200 && body.status === 'succeeded')
      return { outcome: 'succeeded', gatewayRefundId: body.id, response: body };
    if (status === 200 && (body.status === 'pending' || body.status === 'requires_action'))
      return { outcome: 'pending', gatewayRefundId: body.id, response: body };
    return {
      outcome: 'failed',
      reason: body.error?.message ?? body.failure_reason ?? `refund ${body.status ?? status}`,
      response: body,
    };
  }

  parseWebhook(rawBody: Buffer, headers: IncomingHttpHeaders): WebhookEvent {
    verifyWebhookSignature(this.#options.webhookSecret, rawBody, headers['stripe-signature']);
    const event = JSON.parse(rawBody.toString('utf8')) as {
      id: string;
      type: string;
      data: { object: Record<string, any> };
    };
    const object = event.data?.object ?? {};
    let effect: WebhookEffect = { kind: 'ignored' };
    if (event.type === 'payment_intent.succeeded') {
      effect = {
        kind: 'payment.succeeded',
        transactionId: object.metadata?.transaction_id,
        gatewayTransactionId: object.id,
        amountMinor: object.amount_received ?? object.amount,
      };
    } else if (event.type === 'payment_intent.payment_failed') {
      effect = {
        kind: 'payment.failed',
        transactionId: object.metadata?.transaction_id,
        gatewayTransactionId: object.id,
        code: FRAUD_DECLINES.has(object.last_payment_error?.decline_code) ? 'FRAUD_BLOCKED' : 'DECLINED',
        reason: object.last_payment_error?.message ?? 'The card was declined.',
      };
    } else if (event.type === 'charge.refunded') {
      const refunds = (object.refunds?.data ?? []) as { status?: string; metadata?: { refund_id?: string } }[];
      effect = {
        kind: 'refund.succeeded',
        refundIds: refunds.flatMap((refund) =>
          refund.status === 'succeeded' && refund.metadata?.refund_id ? [refund.metadata.refund_id] : [],
        ),
      };
    }
    return { id: event.id, type: event.type, effect, payload: event };
  }
}
