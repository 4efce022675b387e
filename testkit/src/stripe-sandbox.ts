import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { TEST_PORT_BASE } from './stack.ts';

/** Beside the OIDC sandbox (+95). */
export const STRIPE_SANDBOX_PORT = TEST_PORT_BASE + 96;
export const STRIPE_SANDBOX_SECRET_KEY = 'sk_test_showstream_stripe_sandbox';
export const STRIPE_SANDBOX_WEBHOOK_SECRET = 'whsec_test_showstream_stripe_sandbox';

export interface StripeSandbox {
  url: string;
  server: Server;
  close(): void;
}

/** Stripe's test payment methods this sandbox knows, with what they do. */
const PAYMENT_METHODS: Record<string, { decline?: string; message?: string }> = {
  pm_card_visa: {},
  pm_card_mastercard: {},
  pm_card_chargeDeclined: { decline: 'generic_decline', message: 'Your card was declined.' },
  pm_card_chargeDeclinedInsufficientFunds: {
    decline: 'insufficient_funds',
    message: 'Your card has insufficient funds.',
  },
  pm_card_radarBlock: { decline: 'fraudulent', message: 'Your card was declined.' },
};

type Json = Record<string, any>;
type Answer = { status: number; body: Json };

const newId = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

/** Stripe's form encoding back to objects: `metadata[booking_id]=…` → `{ metadata: { booking_id } }`. */
function formDecode(raw: string): Json {
  const result: Json = {};
  for (const [name, value] of new URLSearchParams(raw)) {
    const path = name.replace(/\]/g, '').split('[');
    let target = result;
    for (const key of path.slice(0, -1)) target = target[key] ??= {};
    target[path.at(-1)!] = value;
  }
  return result;
}

const stripeError = (status: number, error: Json): Answer => ({ status, body: { error } });

/**
 * A local server that speaks Stripe's protocol for the parts ShowStream uses: form-encoded
 * PaymentIntents confirmed at creation, refunds, Bearer secret keys, Idempotency-Key replay and
 * reuse errors, Stripe's error shapes (402 card_error with decline_code), and webhooks signed
 * with Stripe-Signature (`t=…,v1=…`, HMAC-SHA256 over `t.rawBody`) posted to `webhookUrl`.
 * `POST /__sandbox/fail-next {"count": n}` makes the next n API calls answer 500, for outage tests.
 */
export async function startStripeSandbox(options: {
  port: number;
  webhookUrl: string;
  secretKey?: string;
  webhookSecret?: string;
}): Promise<StripeSandbox> {
  const secretKey = options.secretKey ?? STRIPE_SANDBOX_SECRET_KEY;
  const webhookSecret = options.webhookSecret ?? STRIPE_SANDBOX_WEBHOOK_SECRET;
  const intents = new Map<string, Json>();
  const refunds = new Map<string, Json[]>();
  const idempotency = new Map<string, { params: string; answer: Answer }>();
  let failNext = 0;

  const deliver = async (type: string, object: Json) => {
    const body = JSON.stringify({
      id: newId('evt'),
      object: 'event',
      type,
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      data: { object },
    });
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = createHmac('sha256', webhookSecret).update(`${timestamp}.${body}`).digest('hex');
    for (let attempt = 1; attempt <= 5; attempt++) {
      const ok = await fetch(options.webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'stripe-signature': `t=${timestamp},v1=${signature}` },
        body,
      }).then(
        (response) => response.ok,
        () => false,
      );
      if (ok) return;
      await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt));
    }
  };

  const createIntent = (params: Json): Answer => {
    const amount = Number(params.amount);
    if (!Number.isInteger(amount) || amount <= 0 || !params.currency) {
      return stripeError(400, {
        type: 'invalid_request_error',
        code: 'parameter_missing',
        message: 'Missing required param: amount or currency.',
      });
    }
    const method = PAYMENT_METHODS[params.payment_method];
    if (!method)
      return stripeError(400, {
        type: 'invalid_request_error',
        code: 'resource_missing',
        param: 'payment_method',
        message: `No such PaymentMethod: '${params.payment_method}'`,
      });
    const intent: Json = {
      id: newId('pi'),
      object: 'payment_intent',
      amount,
      amount_received: 0,
      currency: params.currency,
      payment_method: params.payment_method,
      metadata: params.metadata ?? {},
      latest_charge: newId('ch'),
      status: 'succeeded',
      last_payment_error: null,
    };
    if (method.decline) {
      intent.status = 'requires_payment_method';
      intent.last_payment_error = {
        type: 'card_error',
        code: 'card_declined',
        decline_code: method.decline,
        message: method.message,
      };
      intents.set(intent.id, intent);
      void deliver('payment_intent.payment_failed', intent);
      return stripeError(402, {
        type: 'card_error',
        code: 'card_declined',
        decline_code: method.decline,
        message: method.message,
        payment_intent: intent,
      });
    }
    intent.amount_received = amount;
    intents.set(intent.id, intent);
    void deliver('payment_intent.succeeded', intent);
    return { status: 200, body: intent };
  };

  const createRefund = (params: Json): Answer => {
    const intent = intents.get(params.payment_intent);
    if (!intent)
      return stripeError(400, {
        type: 'invalid_request_error',
        code: 'resource_missing',
        message: `No such payment_intent: '${params.payment_intent}'`,
      });
    const previous = refunds.get(intent.id) ?? [];
    const left = intent.amount_received - previous.reduce((sum, refund) => sum + refund.amount, 0);
    const amount = params.amount === undefined ? left : Number(params.amount);
    if (intent.status !== 'succeeded' || left <= 0)
      return stripeError(400, {
        type: 'invalid_request_error',
        code: 'charge_already_refunded',
        message: 'This charge has already been refunded.',
      });
    if (!Number.isInteger(amount) || amount <= 0 || amount > left) {
      return stripeError(400, {
        type: 'invalid_request_error',
        code: 'amount_too_large',
        message: `Refund amount (${amount}) is greater than unrefunded amount on charge (${left}).`,
      });
    }
    const refund = {
      id: newId('re'),
      object: 'refund',
      amount,
      currency: intent.currency,
      payment_intent: intent.id,
      charge: intent.latest_charge,
      status: 'succeeded',
      metadata: params.metadata ?? {},
    };
    refunds.set(intent.id, [...previous, refund]);
    const refunded = previous.reduce((sum, item) => sum + item.amount, 0) + amount;
    void deliver('charge.refunded', {
      id: intent.latest_charge,
      object: 'charge',
      amount: intent.amount_received,
      amount_refunded: refunded,
      refunded: refunded === intent.amount_received,
      payment_intent: intent.id,
      refunds: { object: 'list', data: [...previous, refund].reverse() },
    });
    return { status: 200, body: refund };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const send = ({ status, body }: Answer) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const url = new URL(req.url ?? '/', 'http://stripe.sandbox');
    if (req.method === 'POST' && url.pathname === '/__sandbox/fail-next') {
      failNext = Number((JSON.parse(raw || '{}') as Json).count ?? 1);
      return send({ status: 200, body: { failNext } });
    }
    if (req.headers.authorization !== `Bearer ${secretKey}`) {
      return send(stripeError(401, { type: 'invalid_request_error', message: 'Invalid API Key provided.' }));
    }
    if (failNext > 0) {
      failNext--;
      return send(stripeError(500, { type: 'api_error', message: 'An unexpected error occurred.' }));
    }
    if (req.method === 'GET') {
      const intent = intents.get(url.pathname.replace('/v1/payment_intents/', ''));
      if (url.pathname === '/v1/payment_intents')
        return send({ status: 200, body: { object: 'list', data: [...intents.values()] } });
      return send(
        intent
          ? { status: 200, body: intent }
          : stripeError(404, {
              type: 'invalid_request_error',
              code: 'resource_missing',
              message: 'No such payment_intent.',
            }),
      );
    }
    const params = formDecode(raw);
    const run =
      url.pathname === '/v1/payment_intents' ? createIntent : url.pathname === '/v1/refunds' ? createRefund : undefined;
    if (req.method !== 'POST' || !run)
      return send(
        stripeError(404, {
          type: 'invalid_request_error',
          message: `Unrecognized request URL (${req.method}: ${url.pathname}).`,
        }),
      );
    const key = req.headers['idempotency-key'] as string | undefined;
    if (!key) return send(run(params));
    // Stripe keeps the first answer to a key (errors included) and refuses the key with other parameters.
    const stored = idempotency.get(`${url.pathname}:${key}`);
    if (stored) {
      if (stored.params !== raw) {
        return send(
          stripeError(400, {
            type: 'idempotency_error',
            message:
              'Keys for idempotent requests can only be used with the same parameters they were first used with.',
          }),
        );
      }
      return send(stored.answer);
    }
    const answer = run(params);
    idempotency.set(`${url.pathname}:${key}`, { params: raw, answer });
    send(answer);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { type: 'invalid_request_error', message: 'Invalid request.' } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${options.port}`,
    server,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}
