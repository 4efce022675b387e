import type { IncomingMessage, ServerResponse } from 'node:http';
import { run, withTransactionRetry, type EntityManager, type Logger } from '@showstream/platform';
import { WebhookSignatureError, type WebhookEvent } from '../gateways/gateway.ts';
import type { Gateways } from '../gateways/registry.ts';
import { PaymentSchema } from '../payments/payment.entity.ts';
import type { PaymentService } from '../payments/payment.service.ts';
import type { RefundService } from '../refunds/refund.service.ts';
import { recordWebhookEvent } from './webhooks.queries.ts';

const MAX_BODY_BYTES = 256 * 1024;

class BodyTooLargeError extends Error {}

async function readRawBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * `POST /webhooks/payments/<gateway>`: the signature is checked over the raw bytes before anything
 * is parsed or stored; each event id is applied once (webhook_events, in the same transaction as
 * its effect); effects are the same state-guarded transitions the confirm call uses, so a replay,
 * a duplicate or an out-of-order event changes nothing. 2xx tells the gateway to stop retrying,
 * 400 that retrying will not help, 5xx that it should retry.
 */
export class WebhookHandler {
  readonly #em: EntityManager;
  readonly #gateways: Gateways;
  readonly #payments: PaymentService;
  readonly #refunds: RefundService;
  readonly #logger: Logger;

  constructor(deps: {
    em: EntityManager;
    gateways: Gateways;
    payments: PaymentService;
    refunds: RefundService;
    logger: Logger;
  }) {
    this.#em = deps.em;
    this.#gateways = deps.gateways;
    this.#payments = deps.payments;
    this.#refunds = deps.refunds;
    this.#logger = deps.logger.child({ component: 'webhooks' });
  }

  async handle(gatewayName: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const send = (status: number, body: Record<string, unknown>) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const gateway = this.#gateways.get(gatewayName);
    if (!gateway) return send(404, { error: 'unknown gateway' });
    let event: WebhookEvent;
    try {
      event = gateway.parseWebhook(await readRawBody(req), req.headers);
      if (typeof event.id !== 'string' || event.id.length === 0 || event.id.length > 255)
        throw new SyntaxError('event without an id');
    } catch (error) {
      if (error instanceof BodyTooLargeError) return send(413, { error: 'body too large' });
      if (error instanceof WebhookSignatureError || error instanceof SyntaxError) {
        this.#logger.warn({ gateway: gatewayName, reason: error.message }, 'webhook rejected');
        return send(400, { error: error instanceof WebhookSignatureError ? 'invalid signature' : 'invalid payload' });
      }
      this.#logger.error({ err: error, gateway: gatewayName }, 'webhook could not be read');
      return send(500, { error: 'not applied; retry later' });
    }
    try {
      const applied = await withTransactionRetry(() =>
        this.#em.fork().transactional((tx) => this.#apply(tx, gatewayName, event)),
      );
      send(200, { received: true, duplicate: !applied });
    } catch (error) {
      this.#logger.error(
        { err: error, gateway: gatewayName, eventId: event.id },
        'webhook could not be applied; the gateway will retry',
      );
      send(500, { error: 'not applied; retry later' });
    }
  }

  async #apply(tx: EntityManager, gatewayName: string, event: WebhookEvent): Promise<boolean> {
    const inserted = await run(tx, recordWebhookEvent, {
      gateway: gatewayName,
      eventId: event.id,
      eventType: event.type,
      payload: JSON.stringify(event.payload),
    });
    if (inserted.length === 0) return false;
    const effect = event.effect;
    if (effect.kind === 'refund.succeeded') {
      for (const refundId of effect.refundIds) await this.#refunds.markSucceeded(tx, refundId);
      return true;
    }
    if (effect.kind === 'ignored') return true;
    const payment =
      typeof effect.transactionId === 'string'
        ? await tx.findOne(PaymentSchema, { transactionId: effect.transactionId })
        : null;
    if (!payment || payment.gateway !== gatewayName) {
      this.#logger.warn(
        { gateway: gatewayName, eventId: event.id, transactionId: effect.transactionId },
        'webhook for an unknown payment; ignored',
      );
      return true;
    }
    const response = event.payload as Record<string, unknown>;
    if (effect.kind === 'payment.succeeded') {
      if (effect.amountMinor !== payment.amountMinor) {
        this.#logger.error(
          { eventId: event.id, transactionId: payment.transactionId, reported: effect.amountMinor },
          'webhook amount differs from the payment; ignored',
        );
        return true;
      }
      await this.#payments.apply(tx, payment.id, {
        outcome: 'succeeded',
        gatewayTransactionId: effect.gatewayTransactionId,
        response,
      });
    } else {
      await this.#payments.apply(tx, payment.id, {
        outcome: 'declined',
        code: effect.code,
        reason: effect.reason,
        ...(effect.gatewayTransactionId ? { gatewayTransactionId: effect.gatewayTransactionId } : {}),
        response,
      });
    }
    return true;
  }
}
