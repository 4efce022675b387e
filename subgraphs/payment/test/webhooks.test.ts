import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { registerUser, type TestUser } from '@showstream/testkit';
import {
  PAYMENT_URL,
  createdBooking,
  getPayment,
  initiate,
  paymentEvents,
  postWebhook,
  request,
  type TestPayment,
} from './helpers.ts';

const chargeEvent = (type: string, payment: TestPayment, overrides: Record<string, unknown> = {}) => ({
  id: `evt_${randomBytes(8).toString('hex')}`,
  type,
  created: Math.floor(Date.now() / 1000),
  data: {
    object: {
      id: `ch_${randomBytes(8).toString('hex')}`,
      status: type === 'charge.succeeded' ? 'succeeded' : 'declined',
      amountMinor: payment.amount.amountMinor,
      currency: 'INR',
      message: 'The card was declined.',
      metadata: { transactionId: payment.transactionId },
      ...overrides,
    },
  },
});

async function initiatedPayment(label: string): Promise<{ user: TestUser; payment: TestPayment }> {
  const user = await registerUser(request, label);
  const booking = await createdBooking(user);
  return { user, payment: (await initiate(user, booking.bookingId)).data!.initiatePayment };
}

describe('gateway webhooks', () => {
  it('applies a signed outcome once: replays and later contradicting events change nothing', async () => {
    const { user, payment } = await initiatedPayment('webhook');
    const succeeded = chargeEvent('charge.succeeded', payment);
    const first = await postWebhook('sandbox', succeeded);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: true, duplicate: false });
    expect((await getPayment(user.accessToken, payment.transactionId)).status).toBe('SUCCEEDED');

    const replay = await postWebhook('sandbox', succeeded);
    expect(await replay.json()).toEqual({ received: true, duplicate: true });
    // A failure reported after the success (gateways retry for days, in any order) is ignored.
    expect((await postWebhook('sandbox', chargeEvent('charge.failed', payment))).status).toBe(200);
    expect(await getPayment(user.accessToken, payment.transactionId)).toMatchObject({
      status: 'SUCCEEDED',
      failureCode: null,
    });
    const events = await paymentEvents(
      (event) => event.type === 'PaymentSucceeded' && event.data.paymentId === payment.id,
      2,
      4_000,
    );
    expect(events).toHaveLength(1);
  });

  it('rejects a bad signature, a stale timestamp and a tampered body with 400, and changes nothing', async () => {
    const { user, payment } = await initiatedPayment('forger');
    const event = chargeEvent('charge.succeeded', payment);
    expect(
      (await postWebhook('sandbox', event, { signature: `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}` }))
        .status,
    ).toBe(400);
    expect((await postWebhook('sandbox', event, { signature: 'garbage' })).status).toBe(400);
    // Correctly signed, but ten minutes old: outside the 300 s tolerance, so a captured request cannot be replayed.
    const stale = await postWebhook('sandbox', event, { timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect(stale.status).toBe(400);
    expect(await stale.json()).toEqual({ error: 'invalid signature' });
    const unsigned = await fetch(`${PAYMENT_URL}/webhooks/payments/sandbox`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(event),
    });
    expect(unsigned.status).toBe(400);
    expect((await getPayment(user.accessToken, payment.transactionId)).status).toBe('INITIATED');
    // The same event, correctly signed, is still applied: the rejected attempts left no trace.
    expect((await postWebhook('sandbox', event)).status).toBe(200);
    expect((await getPayment(user.accessToken, payment.transactionId)).status).toBe('SUCCEEDED');
  });

  it('ignores an event whose amount differs from the payment, and unknown gateways', async () => {
    const { user, payment } = await initiatedPayment('mismatch');
    expect((await postWebhook('sandbox', chargeEvent('charge.succeeded', payment, { amountMinor: 1 }))).status).toBe(
      200,
    );
    expect((await getPayment(user.accessToken, payment.transactionId)).status).toBe('INITIATED');
    expect((await postWebhook('paypal', chargeEvent('charge.succeeded', payment))).status).toBe(404);
  });

  it('applies a reported decline', async () => {
    const { user, payment } = await initiatedPayment('declined-hook');
    expect((await postWebhook('sandbox', chargeEvent('charge.failed', payment))).status).toBe(200);
    expect(await getPayment(user.accessToken, payment.transactionId)).toMatchObject({
      status: 'FAILED',
      failureCode: 'DECLINED',
      failureReason: 'The card was declined.',
    });
  });
});
