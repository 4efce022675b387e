import type { IncomingHttpHeaders } from 'node:http';
import {
  gatewayFetch,
  type ChargeRequest,
  type ChargeResult,
  type PaymentGateway,
  type RefundRequest,
  type RefundResult,
  type RiskAssessment,
  type WebhookEffect,
  type WebhookEvent,
} from '../gateway.ts';
import { verifyWebhookSignature } from '../signature.ts';
import { SANDBOX_SIGNATURE_HEADER } from './server.ts';

/** The client side of the sandbox gateway: its HTTP API and its signed webhooks. */
export class SandboxGateway implements PaymentGateway {
  readonly name = 'sandbox';
  readonly #baseUrl: string;
  readonly #webhookSecret: string;

  constructor(baseUrl: string, webhookSecret: string) {
    this.#baseUrl = baseUrl.replace(/\/$/, '');
    this.#webhookSecret = webhookSecret;
  }

  #post(path: string, body: unknown, signal?: AbortSignal, idempotencyKey?: string) {
    return gatewayFetch(`${this.#baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
      body: JSON.stringify(body),
      ...(signal ? { signal } : {}),
    });
  }

  async assessRisk(
    token: string,
    amountMinor: number,
    currency: string,
    signal?: AbortSignal,
  ): Promise<RiskAssessment> {
    const { status, body } = await this.#post('/v1/risk', { token, amountMinor, currency }, signal);
    if (status !== 200) throw new Error(`sandbox risk answered ${status}`);
    return { level: body.level, fingerprint: body.fingerprint };
  }

  async charge(request: ChargeRequest, signal?: AbortSignal): Promise<ChargeResult> {
    const { status, body } = await this.#post(
      '/v1/charges',
      {
        amountMinor: request.amountMinor,
        currency: request.currency,
        token: request.token,
        metadata: request.metadata,
      },
      signal,
      request.idempotencyKey,
    );
    if (status !== 200) throw new Error(`sandbox charge answered ${status}: ${body.error?.code}`);
    if (body.status === 'succeeded') return { outcome: 'succeeded', gatewayTransactionId: body.id, response: body };
    return {
      outcome: 'declined',
      code: body.declineCode === 'fraudulent' ? 'FRAUD_BLOCKED' : 'DECLINED',
      reason: body.message,
      gatewayTransactionId: body.id,
      response: body,
    };
  }

  async refund(request: RefundRequest, signal?: AbortSignal): Promise<RefundResult> {
    const { status, body } = await this.#post(
      '/v1/refunds',
      { chargeId: request.gatewayTransactionId, amountMinor: request.amountMinor, metadata: request.metadata },
      signal,
      request.idempotencyKey,
    );
    if (status === 200) return { outcome: 'succeeded', gatewayRefundId: body.id, response: body };
    return { outcome: 'failed', reason: body.error?.message ?? `refused (${status})`, response: body };
  }

  parseWebhook(rawBody: Buffer, headers: IncomingHttpHeaders): WebhookEvent {
    verifyWebhookSignature(this.#webhookSecret, rawBody, headers[SANDBOX_SIGNATURE_HEADER]);
    const event = JSON.parse(rawBody.toString('utf8')) as {
      id: string;
      type: string;
      data: { object: Record<string, any> };
    };
    const object = event.data?.object ?? {};
    let effect: WebhookEffect = { kind: 'ignored' };
    if (event.type === 'charge.succeeded') {
      effect = {
        kind: 'payment.succeeded',
        transactionId: object.metadata?.transactionId,
        gatewayTransactionId: object.id,
        amountMinor: object.amountMinor,
      };
    } else if (event.type === 'charge.failed') {
      effect = {
        kind: 'payment.failed',
        transactionId: object.metadata?.transactionId,
        gatewayTransactionId: object.id,
        // The sandbox declines cards only; a fraud block is decided before anything is sent to it.
        code: 'DECLINED',
        reason: object.message ?? 'declined',
      };
    } else if (event.type === 'refund.succeeded') {
      effect = { kind: 'refund.succeeded', refundIds: [object.metadata?.refundId].filter(Boolean) };
    }
    return { id: event.id, type: event.type, effect, payload: event };
  }
}
