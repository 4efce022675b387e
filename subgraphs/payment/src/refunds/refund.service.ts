import { randomBytes, randomUUID } from 'node:crypto';
import {
  badInput,
  run,
  runOne,
  withTransactionRetry,
  type EntityManager,
  type Logger,
  type Outbox,
} from '@showstream/platform';
import type { PaymentConfig } from '../config.ts';
import { GatewayUnavailableError, type RefundResult } from '../gateways/gateway.ts';
import type { Gateways } from '../gateways/registry.ts';
import { RefundSchema, type Refund } from './refund.entity.ts';
import {
  capturedPaymentsOfBooking,
  claimDueRefunds,
  failRefund,
  insertRefund,
  lockPaymentForRefund,
  paymentForRefund,
  refundByCause,
  refundTarget,
  reservedForRefunds,
  setRefundedAmount,
  succeedRefund,
  type ClaimDueRefundsResult,
} from './refunds.queries.ts';

/** How much to refund: exactly (refused if more than is left), at most (capped at what is left), or whatever is left. */
export type RefundAmount = { exactMinor: number } | { upToMinor: number } | 'REMAINING';

const CAPTURED = ['SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED'];

/**
 * Refunds are queued (PENDING) in the same transaction as their cause and sent by a worker with
 * the refund's id as the gateway's idempotency key, so a refund is requested once however often
 * it is sent. The payment row lock serialises everything that reserves or settles a payment's
 * money: queued and succeeded refunds together never exceed what was charged.
 */
export class RefundService {
  readonly #em: EntityManager;
  readonly #outbox: Outbox;
  readonly #gateways: Gateways;
  readonly #config: PaymentConfig;
  readonly #logger: Logger;

  constructor(em: EntityManager, outbox: Outbox, gateways: Gateways, config: PaymentConfig, logger: Logger) {
    this.#em = em;
    this.#outbox = outbox;
    this.#gateways = gateways;
    this.#config = config;
    this.#logger = logger;
  }

  /**
   * Queues a refund of a captured payment inside the caller's transaction. `causeKey` makes the
   * same cause queue at most one refund; returns undefined when nothing is left to refund.
   */
  async queue(
    tx: EntityManager,
    paymentId: string,
    amount: RefundAmount,
    reason: string,
    causeKey: string,
  ): Promise<Refund | undefined> {
    const [payment] = await run(tx, lockPaymentForRefund, { paymentId });
    if (!payment || !CAPTURED.includes(payment.status))
      throw badInput('Only a succeeded payment can be refunded.', 'paymentId');
    const [existing] = await run(tx, refundByCause, { causeKey });
    if (existing) return tx.findOneOrFail(RefundSchema, { id: existing.id });
    const { reserved } = await runOne(tx, reservedForRefunds, { paymentId });
    const left = payment.amount_minor - reserved;
    let amountMinor = left;
    if (amount !== 'REMAINING' && 'upToMinor' in amount) amountMinor = Math.min(amount.upToMinor, left);
    if (amount !== 'REMAINING' && 'exactMinor' in amount) {
      if (amount.exactMinor > left)
        throw badInput(`At most ${left} (minor units) is left to refund on this payment.`, 'amountMinor');
      amountMinor = amount.exactMinor;
    }
    // Nothing left: automatic causes have nothing to do; the caller of an exact refund hears why.
    if (amountMinor <= 0) return undefined;
    const id = randomUUID();
    await run(tx, insertRefund, {
      id,
      paymentId,
      refundId: `rfd_${randomBytes(12).toString('hex')}`,
      userId: payment.user_id,
      bookingId: payment.booking_id,
      causeKey,
      amountMinor,
      currency: payment.currency,
      reason,
    });
    return tx.findOneOrFail(RefundSchema, { id });
  }

  /** Queues refunds of everything left on every captured payment of a booking (it ended without a confirmed booking). */
  async queueFullRefunds(tx: EntityManager, bookingId: string, reason: string): Promise<void> {
    const payments = await run(tx, capturedPaymentsOfBooking, { bookingId, capturedStatuses: CAPTURED });
    for (const payment of payments) await this.queue(tx, payment.id, 'REMAINING', reason, `full:${payment.id}`);
  }

  /** Sends due refunds; a claimed refund is leased (next_attempt_at pushed back), so a crashed worker's refunds are picked up again. */
  async processDue(limit = 20): Promise<number> {
    const claimed = await this.#em.fork().transactional((tx) => run(tx, claimDueRefunds, { limit }));
    for (const refund of claimed) {
      await this.#send(refund).catch((error) =>
        this.#logger.warn({ err: error, refundId: refund.id }, 'refund attempt failed; will retry'),
      );
    }
    return claimed.length;
  }

  async #send(refund: ClaimDueRefundsResult): Promise<void> {
    const payment = await runOne(this.#em.fork(), paymentForRefund, { paymentId: refund.original_transaction_id });
    const gateway = this.#gateways.get(payment.payment_gateway);
    let result: RefundResult;
    try {
      if (!gateway)
        throw new GatewayUnavailableError(payment.payment_gateway, { dispatched: false, circuitOpen: false });
      // Only a captured payment is refunded, and capture records the gateway's id for it.
      if (!payment.gateway_transaction_id)
        throw new Error(`payment ${payment.transaction_id} has no gateway transaction to refund`);
      result = await gateway.refund({
        idempotencyKey: refund.refund_id,
        gatewayTransactionId: payment.gateway_transaction_id,
        amountMinor: refund.refund_amount,
        currency: payment.currency,
        metadata: { refundId: refund.refund_id, transactionId: payment.transaction_id },
      });
    } catch (error) {
      if (!(error instanceof GatewayUnavailableError)) throw error;
      if (refund.attempts >= this.#config.REFUND_MAX_ATTEMPTS)
        await this.markFailed(refund.id, 'The gateway was unavailable for every attempt.');
      return;
    }
    if (result.outcome === 'succeeded')
      await this.#em
        .fork()
        .transactional((tx) => this.markSucceeded(tx, refund.refund_id, result.gatewayRefundId, result.response));
    else if (result.outcome === 'failed') await this.markFailed(refund.id, result.reason, result.response);
    // pending: the gateway's webhook settles it, or the next lease re-sends the same idempotent request.
  }

  /** State-guarded: a refund succeeds once, whether the worker's answer or the gateway's webhook comes first. */
  async markSucceeded(
    tx: EntityManager,
    refundId: string,
    gatewayRefundId?: string,
    response?: Record<string, unknown>,
  ): Promise<void> {
    const [target] = await run(tx, refundTarget, { refundId });
    if (!target) return;
    const [payment] = await run(tx, lockPaymentForRefund, { paymentId: target.original_transaction_id });
    const [refund] = await run(tx, succeedRefund, {
      refundId,
      gatewayRefundId: gatewayRefundId ?? null,
      response: response ? JSON.stringify(response) : null,
    });
    if (!refund || !payment) return;
    const refundedMinor = payment.refunded_minor + refund.refund_amount;
    const fullyRefunded = refundedMinor >= payment.amount_minor;
    await run(tx, setRefundedAmount, {
      refundedMinor,
      status: fullyRefunded ? 'REFUNDED' : 'PARTIALLY_REFUNDED',
      paymentId: payment.id,
    });
    await this.#outbox.add(tx, 'payment-events', {
      type: 'RefundSucceeded',
      key: payment.booking_id,
      data: {
        refundId: refund.id,
        paymentId: payment.id,
        transactionId: payment.transaction_id,
        bookingId: payment.booking_id,
        userId: payment.user_id,
        amountMinor: refund.refund_amount,
        currency: payment.currency,
        reason: refund.refund_reason,
        fullyRefunded,
      },
    });
  }

  /** Gives up on a refund (it no longer reserves the payment's money) and tells whoever must follow up. */
  async markFailed(id: string, reason: string, response?: Record<string, unknown>): Promise<void> {
    await withTransactionRetry(() =>
      this.#em.fork().transactional(async (tx) => {
        const [refund] = await run(tx, failRefund, { id, response: response ? JSON.stringify(response) : null });
        if (!refund) return;
        const payment = await runOne(tx, paymentForRefund, { paymentId: refund.original_transaction_id });
        this.#logger.error({ refundId: refund.id, paymentId: payment.id, reason }, 'refund failed; needs attention');
        await this.#outbox.add(tx, 'payment-events', {
          type: 'RefundFailed',
          key: payment.booking_id,
          data: {
            refundId: refund.id,
            paymentId: payment.id,
            transactionId: payment.transaction_id,
            bookingId: payment.booking_id,
            userId: payment.user_id,
            amountMinor: refund.refund_amount,
            reason,
          },
        });
      }),
    );
  }

  forPayments(paymentIds: readonly string[]): Promise<Refund[]> {
    return this.#em.find(RefundSchema, { paymentId: { $in: [...paymentIds] } }, { orderBy: { createdAt: 'asc' } });
  }
}
