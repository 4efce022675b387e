import { describe, expect, it } from '@jest/globals';
import { signWebhook } from '../signature.ts';
import { StripeGateway } from './stripe.gateway.ts';

const webhookSecret = 'whsec_stripe_webhooks_test';
const gateway = new StripeGateway({ apiBase: 'http://127.0.0.1:1', secretKey: 'sk_test_unused', webhookSecret });

/** A payment_intent.payment_failed event as Stripe signs it, with the decline's code. */
function paymentFailed(declineCode: string) {
  const body = Buffer.from(
    JSON.stringify({
      id: `evt_${declineCode}`,
      type: 'payment_intent.payment_failed',
      data: {
        object: {
          id: 'pi_1',
          metadata: { transaction_id: 'txn_1' },
          last_payment_error: { type: 'card_error', decline_code: declineCode, message: 'Your card was declined.' },
        },
      },
    }),
  );
  return gateway.parseWebhook(body, { 'stripe-signature': signWebhook(webhookSecret, body) });
}

describe("Stripe's payment_failed webhook", () => {
  it('classifies the failure as the charge answer does: a Radar block stays a fraud block, whichever arrives first', () => {
    expect(paymentFailed('fraudulent').effect).toMatchObject({ kind: 'payment.failed', code: 'FRAUD_BLOCKED' });
    expect(paymentFailed('generic_decline').effect).toMatchObject({ kind: 'payment.failed', code: 'DECLINED' });
  });
});
