import { describe, expect, it } from '@jest/globals';
import { WebhookSignatureError } from './gateway.ts';
import { signWebhook, verifyWebhookSignature } from './signature.ts';

const secret = 'whsec_signature_test_secret';
const body = Buffer.from('{"id":"evt_1","type":"charge.succeeded"}');
const now = 1_800_000_000;

describe('Stripe-style webhook signatures', () => {
  it('accepts a signature over t.rawBody within 300 s, including one of several v1 values', () => {
    expect(() => verifyWebhookSignature(secret, body, signWebhook(secret, body, now), now + 299)).not.toThrow();
    const rolled = `t=${now},v1=${'ab'.repeat(32)},${signWebhook(secret, body, now).split(',')[1]}`;
    expect(() => verifyWebhookSignature(secret, body, rolled, now)).not.toThrow();
  });

  it('refuses a tampered body, another secret, a stale or future timestamp, and malformed headers', () => {
    const header = signWebhook(secret, body, now);
    const refuses = (rawBody: Buffer, value: string | undefined, at = now) =>
      expect(() => verifyWebhookSignature(secret, rawBody, value, at)).toThrow(WebhookSignatureError);
    refuses(Buffer.from('{"id":"evt_1","type":"charge.refunded"}'), header);
    refuses(body, signWebhook('whsec_another_secret_value', body, now));
    refuses(body, header, now + 301);
    refuses(body, header, now - 301);
    refuses(body, undefined);
    refuses(body, 'v1=abc');
    refuses(body, `t=${now},v1=zz`);
  });
});
