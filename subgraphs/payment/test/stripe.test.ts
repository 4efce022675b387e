import { describe, expect, it } from '@jest/globals';
import {
  STRIPE_SANDBOX_PORT,
  STRIPE_SANDBOX_SECRET_KEY,
  errorCode,
  registerUser,
  type TestUser,
} from '@showstream/testkit';
import {
  REFUND,
  adminToken,
  confirm,
  createdBooking,
  getPayment,
  initiate,
  request,
  waitForPayment,
  type TestBookingData,
  type TestPayment,
} from './helpers.ts';

const STRIPE_URL = `http://127.0.0.1:${STRIPE_SANDBOX_PORT}`;

async function stripePayment(
  label: string,
): Promise<{ user: TestUser; booking: TestBookingData; payment: TestPayment }> {
  const user = await registerUser(request, label);
  const booking = await createdBooking(user);
  const response = await initiate(user, booking.bookingId, { gateway: 'stripe' });
  expect(response.errors).toBeUndefined();
  return { user, booking, payment: response.data!.initiatePayment };
}

async function stripeIntents(transactionId: string): Promise<Record<string, any>[]> {
  const response = await fetch(`${STRIPE_URL}/v1/payment_intents`, {
    headers: { authorization: `Bearer ${STRIPE_SANDBOX_SECRET_KEY}` },
  });
  const { data } = (await response.json()) as { data: Record<string, any>[] };
  return data.filter((intent) => intent.metadata.transaction_id === transactionId);
}

describe('the Stripe gateway, against a local server speaking Stripe’s protocol', () => {
  it('is offered beside the sandbox', async () => {
    const user = await registerUser(request, 'gateways');
    expect((await request('{ paymentGateways }', {}, { token: user.accessToken })).data!.paymentGateways).toEqual([
      'sandbox',
      'stripe',
    ]);
  });

  it('charges a PaymentIntent once, with the booking’s amount and our metadata', async () => {
    const { user, booking, payment } = await stripePayment('stripe-ok');
    const first = await confirm(user, payment.transactionId, 'pm_card_visa');
    expect(first.errors).toBeUndefined();
    expect(first.data!.confirmPayment).toMatchObject({ status: 'SUCCEEDED', gateway: 'stripe' });
    expect((await confirm(user, payment.transactionId, 'pm_card_visa')).data!.confirmPayment.status).toBe('SUCCEEDED');
    const intents = await stripeIntents(payment.transactionId);
    expect(intents).toHaveLength(1);
    expect(intents[0]).toMatchObject({
      amount: 45_900,
      currency: 'inr',
      status: 'succeeded',
      metadata: { booking_id: booking.bookingId, user_id: user.id },
    });
  });

  it('fails a declined card (402 card_error) and a card Radar blocks', async () => {
    const declined = await stripePayment('stripe-declined');
    const response = await confirm(declined.user, declined.payment.transactionId, 'pm_card_chargeDeclined');
    expect(response.data!.confirmPayment).toMatchObject({
      status: 'FAILED',
      failureCode: 'DECLINED',
      failureReason: 'Your card was declined.',
    });
    const blocked = await stripePayment('stripe-radar');
    expect(
      (await confirm(blocked.user, blocked.payment.transactionId, 'pm_card_radarBlock')).data!.confirmPayment,
    ).toMatchObject({ status: 'FAILED', failureCode: 'FRAUD_BLOCKED' });
  });

  it('applies Stripe’s signed webhook when the confirm answer was lost, and refunds through Stripe', async () => {
    const { user, booking, payment } = await stripePayment('stripe-webhook');
    // The charge reached Stripe but our confirm call never heard back: Stripe's payment_intent.succeeded settles it.
    const created = await fetch(`${STRIPE_URL}/v1/payment_intents`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${STRIPE_SANDBOX_SECRET_KEY}`,
        'content-type': 'application/x-www-form-urlencoded',
        'idempotency-key': payment.transactionId,
      },
      body: new URLSearchParams({
        amount: '45900',
        currency: 'inr',
        payment_method: 'pm_card_visa',
        confirm: 'true',
        'metadata[transaction_id]': payment.transactionId,
        'metadata[booking_id]': booking.bookingId,
      }).toString(),
    });
    expect(created.status).toBe(200);
    await waitForPayment(user.accessToken, payment.transactionId, (current) => current.status === 'SUCCEEDED');

    const refund = await request(
      REFUND,
      { id: payment.id, amount: 5_900, reason: 'Goodwill' },
      { token: await adminToken() },
    );
    expect(refund.errors).toBeUndefined();
    const refunded = await waitForPayment(
      user.accessToken,
      payment.transactionId,
      (current) => current.status === 'PARTIALLY_REFUNDED',
    );
    expect(refunded.refunds).toEqual([
      expect.objectContaining({ status: 'SUCCEEDED', amount: { amountMinor: 5_900, currency: 'INR' } }),
    ]);
  });

  it('reports an outage as SERVICE_UNAVAILABLE and settles the same charge on retry', async () => {
    const { user, payment } = await stripePayment('stripe-outage');
    // Every attempt of one confirm call fails (GATEWAY_MAX_ATTEMPTS is 3).
    await fetch(`${STRIPE_URL}/__sandbox/fail-next`, { method: 'POST', body: JSON.stringify({ count: 3 }) });
    const failed = await confirm(user, payment.transactionId, 'pm_card_visa');
    expect(errorCode(failed)).toBe('SERVICE_UNAVAILABLE');
    expect(failed.errors![0]!.message).not.toMatch(/stripe|500|api_error/i);
    expect((await getPayment(user.accessToken, payment.transactionId)).status).toBe('PROCESSING');
    const retried = await confirm(user, payment.transactionId, 'pm_card_visa');
    expect(retried.data!.confirmPayment.status).toBe('SUCCEEDED');
    expect(await stripeIntents(payment.transactionId)).toHaveLength(1);
  });

  it('settles a payment left PROCESSING by itself: the reconciler re-sends the same charge', async () => {
    const { user, payment } = await stripePayment('stripe-reconcile');
    await fetch(`${STRIPE_URL}/__sandbox/fail-next`, { method: 'POST', body: JSON.stringify({ count: 3 }) });
    expect(errorCode(await confirm(user, payment.transactionId, 'pm_card_visa'))).toBe('SERVICE_UNAVAILABLE');
    // RECONCILE_AFTER_MS (15 s) after the last attempt, the next reconciler run (every 5 s) finishes it.
    await waitForPayment(user.accessToken, payment.transactionId, (current) => current.status === 'SUCCEEDED', 40_000);
    expect(await stripeIntents(payment.transactionId)).toHaveLength(1);
  }, 60_000);
});
