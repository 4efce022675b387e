import { randomBytes, randomUUID } from 'node:crypto';
import {
  badInput,
  conflict,
  forbidden,
  notFound,
  run,
  requireUuid,
  roleAtLeast,
  serviceUnavailable,
  withTransactionRetry,
  type EntityManager,
  type Logger,
  type Outbox,
  type Principal,
} from '@showstream/platform';
import type { BookingOwner, PayableBooking } from '../bookings/booking-owner.ts';
import { BookingProjectionSchema, type BookingProjection } from '../bookings/booking-projection.entity.ts';
import type { PaymentConfig } from '../config.ts';
import type { FraudService } from '../fraud/fraud.service.ts';
import { GatewayUnavailableError, type ChargeResult, type PaymentGateway } from '../gateways/gateway.ts';
import type { Gateways } from '../gateways/registry.ts';
import type { RefundService } from '../refunds/refund.service.ts';
import {
  activePaymentStatus,
  failPayment,
  insertPayment,
  lockBookingForPayment,
  lockBookingProjection,
  lockPaymentStatus,
  otherCapturedPayment,
  recordDeclinedResponse,
  recordPendingOutcome,
  returnToConfirmation,
  startProcessing,
  succeedPayment,
} from './payments.queries.ts';
import { CAPTURED_STATUSES, FINAL_STATUSES, PaymentSchema, type FailureCode, type Payment } from './payment.entity.ts';

export const PAYMENT_METHODS = ['CARD', 'UPI', 'NETBANKING', 'WALLET'] as const;
const KEY_PATTERN = /^[A-Za-z0-9_\-:.]{8,200}$/;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{3,255}$/;
/** A payment can be confirmed from these; PROCESSING is re-driven instead. */
const CONFIRMABLE = ['INITIATED', 'REQUIRES_CONFIRMATION'];

/** A gateway's answer in the terms the service records; a webhook's report is one too. */
export type Outcome = ChargeResult;

export interface PaymentServiceDeps {
  em: EntityManager;
  outbox: Outbox;
  gateways: Gateways;
  fraud: FraudService;
  refunds: RefundService;
  bookingOwner: BookingOwner;
  config: PaymentConfig;
  logger: Logger;
}

/**
 * Payments: the amount always comes from the booking projection, the charge is sent with the
 * transaction id as the gateway's idempotency key after the payment is recorded PROCESSING, and
 * an outcome is recorded once, under the booking's row lock, whoever reports it first (the
 * confirm call, the reconciler or a webhook). Money that arrives for a booking that can no longer
 * use it is refunded in the same transaction that records it.
 */
export class PaymentService {
  readonly #deps: PaymentServiceDeps;

  constructor(deps: PaymentServiceDeps) {
    this.#deps = deps;
  }

  get #em(): EntityManager {
    return this.#deps.em;
  }

  #gateway(name: string): PaymentGateway {
    const gateway = this.#deps.gateways.get(name);
    if (!gateway) throw serviceUnavailable(`The ${name} gateway is not available right now.`);
    return gateway;
  }

  /**
   * BookingCreated may still be on its way right after createBooking (the consumer can be behind):
   * then booking, which owns the booking, is asked instead of waiting.
   */
  async #payableBooking(bookingId: string): Promise<PayableBooking> {
    const booking =
      (await this.#em.fork().findOne(BookingProjectionSchema, { bookingId })) ??
      (await this.#deps.bookingOwner.confirm(this.#em, bookingId));
    if (!booking) throw notFound('Booking', bookingId);
    return booking;
  }

  async initiate(
    principal: Principal,
    args: { bookingId: string; method: string; gateway?: string | null; idempotencyKey?: string | null },
  ): Promise<Payment> {
    requireUuid(args.bookingId, 'Booking');
    const method = args.method.trim().toUpperCase();
    if (!(PAYMENT_METHODS as readonly string[]).includes(method))
      throw badInput(`The method must be one of ${PAYMENT_METHODS.join(', ')}.`, 'method');
    // Unnamed: the first configured gateway (configuration requires one).
    const gateway = args.gateway?.trim().toLowerCase() || ([...this.#deps.gateways.keys()][0] ?? '');
    if (!this.#deps.gateways.has(gateway))
      throw badInput(`Unknown gateway; choose one of ${[...this.#deps.gateways.keys()].join(', ')}.`, 'gateway');
    if (args.idempotencyKey != null && !KEY_PATTERN.test(args.idempotencyKey)) {
      throw badInput('An idempotency key is 8 to 200 letters, digits or _-:. characters.', 'idempotencyKey');
    }
    // Stripe's design: the same key returns the same payment; without one, a retry of the same request is recognised by its parameters.
    const idempotencyKey = args.idempotencyKey ?? `${args.bookingId}:${gateway}:${method}`;
    const sameRequest = (payment: Payment) =>
      payment.bookingId === args.bookingId && payment.gateway === gateway && payment.method === method;

    const previous = await this.#em.fork().findOne(PaymentSchema, { userId: principal.userId, idempotencyKey });
    if (previous) {
      if (!sameRequest(previous))
        throw conflict('This idempotency key was already used for a different payment request.');
      return previous;
    }

    const booking = await this.#payableBooking(args.bookingId);
    if (booking.userId !== principal.userId) throw forbidden('This booking is someone else’s.');
    if (booking.status !== 'PENDING' || booking.expiresAt.getTime() <= Date.now()) {
      throw this.#notPayable(booking, 'bookingId');
    }
    if (booking.finalMinor <= 0) throw badInput('This booking has nothing to pay.', 'bookingId');

    const created = await withTransactionRetry(() =>
      this.#em.fork().transactional(async (tx) => {
        // The booking's row lock queues concurrent initiations for one booking behind each other.
        await run(tx, lockBookingProjection, { bookingId: booking.bookingId });
        const [busy] = await run(tx, activePaymentStatus, { bookingId: booking.bookingId });
        if (busy)
          throw conflict(
            busy.status === 'PROCESSING'
              ? 'A payment for this booking is being processed.'
              : 'This booking is already paid.',
          );
        const id = randomUUID();
        const transactionId = `txn_${randomBytes(12).toString('hex')}`;
        const inserted = await run(tx, insertPayment, {
          id,
          transactionId,
          bookingId: booking.bookingId,
          userId: principal.userId,
          idempotencyKey,
          gateway,
          amountMinor: booking.finalMinor,
          currency: booking.currency,
          method,
        });
        if (inserted.length === 0) return undefined;
        await this.#deps.outbox.add(tx, 'payment-events', {
          type: 'PaymentInitiated',
          key: booking.bookingId,
          data: {
            paymentId: id,
            transactionId,
            bookingId: booking.bookingId,
            userId: principal.userId,
            amountMinor: booking.finalMinor,
            currency: booking.currency,
            gateway,
            method,
          },
        });
        return id;
      }),
    );
    // A concurrent request with the same key won the insert: answer as a retry would be answered.
    const payment = await this.#em
      .fork()
      .findOneOrFail(PaymentSchema, created ? { id: created } : { userId: principal.userId, idempotencyKey });
    if (!sameRequest(payment)) throw conflict('This idempotency key was already used for a different payment request.');
    return payment;
  }

  async confirm(principal: Principal, transactionId: string, paymentToken: string): Promise<Payment> {
    const token = paymentToken.trim();
    if (!TOKEN_PATTERN.test(token)) throw badInput('The payment token is not valid.', 'paymentToken');
    const payment = await this.#em.fork().findOne(PaymentSchema, { transactionId });
    if (!payment) throw notFound('Payment', transactionId);
    if (payment.userId !== principal.userId) throw forbidden('This payment is someone else’s.');
    if (FINAL_STATUSES.includes(payment.status)) return payment;
    // Sent before and not settled: send the same charge again; the gateway answers from its record.
    if (payment.status === 'PROCESSING') return this.#drive(payment, false);

    const booking = await this.#em.fork().findOneOrFail(BookingProjectionSchema, { bookingId: payment.bookingId });
    if (booking.status !== 'PENDING' || booking.expiresAt.getTime() <= Date.now()) {
      throw this.#notPayable(booking, 'transactionId');
    }
    const gateway = this.#gateway(payment.gateway);
    const risk = await gateway.assessRisk(token, payment.amountMinor, payment.currency).catch((error: unknown) => {
      throw error instanceof GatewayUnavailableError ? this.#unavailable(false) : error;
    });

    const claimed = await withTransactionRetry(() =>
      this.#em.fork().transactional(async (tx) => {
        const [row] = await run(tx, lockPaymentStatus, { paymentId: payment.id });
        if (!row || !CONFIRMABLE.includes(row.status)) return false;
        const verdict = await this.#deps.fraud.evaluate(tx, {
          paymentId: payment.id,
          userId: payment.userId,
          amountMinor: payment.amountMinor,
          risk,
        });
        if (verdict.decision === 'BLOCK') {
          await this.#fail(tx, payment, 'FRAUD_BLOCKED', `Blocked by fraud checks: ${verdict.reasons.join(', ')}.`);
          return false;
        }
        await run(tx, startProcessing, { token, paymentId: payment.id });
        return true;
      }),
    );
    const current = await this.#em.fork().findOneOrFail(PaymentSchema, { id: payment.id });
    if (!claimed) return current.status === 'PROCESSING' ? this.#drive(current, false) : current;
    return this.#drive(current, true);
  }

  /**
   * Sends the payment's charge and records the answer. `firstSend`: this call has just moved the
   * payment to PROCESSING, so if nothing left this process it can go back to REQUIRES_CONFIRMATION.
   */
  async #drive(payment: Payment, firstSend: boolean): Promise<Payment> {
    const gateway = this.#gateway(payment.gateway);
    // confirmPayment stores the token before it claims the payment for sending.
    if (!payment.paymentToken) throw new Error(`payment ${payment.transactionId} has no token to charge`);
    const token = payment.paymentToken;
    let outcome: Outcome;
    try {
      outcome = await gateway.charge({
        idempotencyKey: payment.transactionId,
        amountMinor: payment.amountMinor,
        currency: payment.currency,
        token,
        metadata: { transactionId: payment.transactionId, bookingId: payment.bookingId, userId: payment.userId },
      });
    } catch (error) {
      if (!(error instanceof GatewayUnavailableError)) throw error;
      if (firstSend && !error.dispatched) {
        await run(this.#em.fork(), returnToConfirmation, { paymentId: payment.id });
      }
      // A re-send may find the circuit open, but an earlier send of this charge may have gone through.
      throw this.#unavailable(error.dispatched || !firstSend);
    }
    await this.record(payment.id, outcome);
    return this.#em.fork().findOneOrFail(PaymentSchema, { id: payment.id });
  }

  /** The booking moved on (paid, expired, failed, cancelled): a state conflict, not malformed input. */
  #notPayable(booking: Pick<BookingProjection, 'status'>, field: string) {
    return conflict(
      `This booking no longer awaits payment (it is ${booking.status === 'PENDING' ? 'past its payment deadline' : booking.status}).`,
      { field },
    );
  }

  /** `mayHaveCharged`: a charge request left this process and its answer is unknown. */
  #unavailable(mayHaveCharged: boolean) {
    return mayHaveCharged
      ? serviceUnavailable(
          'The payment gateway did not answer. The payment is being settled; confirming again is safe and never charges twice.',
          5,
        )
      : serviceUnavailable('The payment gateway is unavailable and nothing was charged. Try again shortly.', 15);
  }

  /** Records a gateway outcome in its own transaction. */
  record(paymentId: string, outcome: Outcome): Promise<void> {
    return withTransactionRetry(() => this.#em.fork().transactional((tx) => this.apply(tx, paymentId, outcome)));
  }

  /**
   * Applies an outcome inside the caller's transaction, state-guarded so the first report wins
   * and later ones change nothing. Lock order everywhere: booking, then payment, then refunds.
   */
  async apply(tx: EntityManager, paymentId: string, outcome: Outcome): Promise<void> {
    const payment = await tx.findOne(PaymentSchema, { id: paymentId });
    if (!payment) return;
    const [booking] = await run(tx, lockBookingForPayment, { bookingId: payment.bookingId });
    const [row] = await run(tx, lockPaymentStatus, { paymentId });
    if (!booking || !row) return;

    if (outcome.outcome === 'pending') {
      await run(tx, recordPendingOutcome, {
        gatewayTransactionId: outcome.gatewayTransactionId,
        response: JSON.stringify(outcome.response),
        paymentId,
      });
      return;
    }
    if (outcome.outcome === 'declined') {
      if (!CONFIRMABLE.includes(row.status) && row.status !== 'PROCESSING') return;
      await run(tx, recordDeclinedResponse, {
        gatewayTransactionId: outcome.gatewayTransactionId ?? null,
        response: JSON.stringify(outcome.response),
        paymentId,
      });
      await this.#fail(tx, payment, outcome.code, outcome.reason);
      return;
    }

    // Succeeded. The gateway holds the money even if we had given up on it (a decline reported out of order, a gateway error);
    // never a fraud block, which was decided before anything was sent.
    const capturable =
      CONFIRMABLE.includes(row.status) ||
      row.status === 'PROCESSING' ||
      (row.status === 'FAILED' && row.failure_code !== 'FRAUD_BLOCKED');
    if (!capturable) return;
    const [other] = await run(tx, otherCapturedPayment, {
      bookingId: payment.bookingId,
      paymentId,
      statuses: [...CAPTURED_STATUSES],
    });
    const succeededAt = new Date();
    await run(tx, succeedPayment, {
      succeededAt,
      gatewayTransactionId: outcome.gatewayTransactionId,
      response: JSON.stringify(outcome.response),
      paymentId,
    });
    if (other) {
      // A second payment for one booking: the first success stands, this one goes back and is not announced.
      await this.#deps.refunds.queue(tx, paymentId, 'REMAINING', 'DUPLICATE_PAYMENT', `full:${paymentId}`);
      return;
    }
    await this.#deps.outbox.add(tx, 'payment-events', {
      type: 'PaymentSucceeded',
      key: payment.bookingId,
      data: {
        paymentId,
        transactionId: payment.transactionId,
        bookingId: payment.bookingId,
        userId: payment.userId,
        amountMinor: payment.amountMinor,
        currency: payment.currency,
        gateway: payment.gateway,
        succeededAt: succeededAt.toISOString(),
      },
    });
    if (booking.status === 'EXPIRED' || booking.status === 'FAILED' || booking.status === 'CANCELLED') {
      await this.#deps.refunds.queue(tx, paymentId, 'REMAINING', 'LATE_PAYMENT', `full:${paymentId}`);
    }
  }

  async #fail(tx: EntityManager, payment: Payment, code: FailureCode, reason: string): Promise<void> {
    await run(tx, failPayment, { code, reason, paymentId: payment.id });
    await this.#deps.outbox.add(tx, 'payment-events', {
      type: 'PaymentFailed',
      key: payment.bookingId,
      data: {
        paymentId: payment.id,
        transactionId: payment.transactionId,
        bookingId: payment.bookingId,
        userId: payment.userId,
        code,
        reason,
      },
    });
  }

  /** Re-sends charges left PROCESSING (a crash between charge and record, an unreachable gateway); the gateway answers from its record. */
  async reconcile(limit = 20): Promise<number> {
    const stuck = await this.#em
      .fork()
      .find(
        PaymentSchema,
        { status: 'PROCESSING', updatedAt: { $lt: new Date(Date.now() - this.#deps.config.RECONCILE_AFTER_MS) } },
        { orderBy: { updatedAt: 'asc' }, limit },
      );
    for (const payment of stuck) {
      await this.#drive(payment, false).catch((error) =>
        this.#deps.logger.warn(
          { err: error, transactionId: payment.transactionId },
          'reconciling a payment failed; will retry',
        ),
      );
    }
    return stuck.length;
  }

  async getForViewer(principal: Principal, transactionId: string): Promise<Payment | null> {
    const payment = await this.#em.findOne(PaymentSchema, { transactionId });
    if (!payment) return null;
    if (payment.userId !== principal.userId && !roleAtLeast(principal.role, 'ADMIN'))
      throw forbidden('This payment is someone else’s.');
    return payment;
  }

  /** An admin's refund of a succeeded payment, at most what is left. */
  async refund(paymentId: string, amountMinor: number | null | undefined, reason: string) {
    requireUuid(paymentId, 'Payment');
    const why = reason.trim();
    if (why.length < 3 || why.length > 500) throw badInput('Give a reason of 3 to 500 characters.', 'reason');
    if (amountMinor != null && (!Number.isInteger(amountMinor) || amountMinor <= 0))
      throw badInput('The amount must be a positive number of minor units.', 'amountMinor');
    return withTransactionRetry(() =>
      this.#em.fork().transactional(async (tx) => {
        const payment = await tx.findOne(PaymentSchema, { id: paymentId });
        if (!payment) throw notFound('Payment', paymentId);
        await run(tx, lockBookingProjection, { bookingId: payment.bookingId });
        const refund = await this.#deps.refunds.queue(
          tx,
          paymentId,
          amountMinor == null ? 'REMAINING' : { exactMinor: amountMinor },
          why,
          `admin:${randomUUID()}`,
        );
        if (!refund) throw badInput('Nothing is left to refund on this payment.', 'paymentId');
        return refund;
      }),
    );
  }
}
