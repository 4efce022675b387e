import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@showstream/platform';
import { signWebhook } from '../signature.ts';

/** The sandbox listens on PORT_BASE + 8, beside the subgraphs (which take + 1 to + 7). */
export const SANDBOX_PORT_OFFSET = 8;
export const SANDBOX_SIGNATURE_HEADER = 'sandbox-signature';

export interface SandboxOptions {
  host: string;
  port: number;
  /** Where signed webhooks go after each charge and refund; none are sent when unset. */
  webhookUrl?: string;
  webhookSecret: string;
  /** Random latency per API call, uniformly between the two bounds. */
  latencyMs: [number, number];
  /** Share of API calls answered 503 before doing anything, to exercise retries and the breaker. */
  failureRate: number;
  logger: Logger;
}

export interface RunningSandbox {
  url: string;
  server: Server;
  close(): Promise<void>;
}

interface Charge {
  id: string;
  status: 'succeeded' | 'declined';
  amountMinor: number;
  refundedMinor: number;
  currency: string;
  declineCode?: string;
  message?: string;
  metadata: Record<string, string>;
  created: number;
}

type Answer = { status: number; body: Record<string, unknown> };

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

const TEST_TOKEN = /^tok_(success|declined|fraud)(_[A-Za-z0-9]{1,40})?$/;

/**
 * What a test token does: `tok_success`, `tok_declined` and `tok_fraud`, optionally with a suffix
 * (`tok_success_4242`) that names one card of that kind.
 */
function tokenKind(token: string): 'success' | 'declined' | 'fraud' | undefined {
  return TEST_TOKEN.exec(token)?.[1] as 'success' | 'declined' | 'fraud' | undefined;
}

/**
 * The card behind a token, as a real gateway reports it. A bare test token is a different card
 * each time, like many people typing the same test number, so fraud rules keyed on the card never
 * link its buyers; a suffixed one (`tok_success_shared`) is the same card every time, which is how
 * CARD_VELOCITY is exercised. Any other token is a card of its own too.
 */
function cardFingerprint(token: string): string {
  const match = TEST_TOKEN.exec(token);
  if (match && !match[2]) return randomBytes(16).toString('hex');
  return createHash('sha256').update(token).digest('hex').slice(0, 32);
}

async function readJson(req: IncomingMessage): Promise<Record<string, any>> {
  let raw = '';
  for await (const chunk of req) {
    raw += chunk;
    if (raw.length > 64 * 1024) throw new Error('body too large');
  }
  return raw ? (JSON.parse(raw) as Record<string, any>) : {};
}

/**
 * A card processor for development and tests, reached over real HTTP: charges and refunds with
 * Stripe's idempotency rules (the first answer to a key is stored and replayed; the same key with
 * other parameters is refused; a concurrent duplicate waits for the first), a risk score per
 * token, injectable latency and failures, and signed webhooks after every charge and refund.
 */
export async function startSandboxGateway(options: SandboxOptions): Promise<RunningSandbox> {
  const charges = new Map<string, Charge>();
  const idempotency = new Map<string, { fingerprint: string; answer: Promise<Answer> }>();
  const logger = options.logger.child({ component: 'payment-sandbox' });

  const deliver = async (type: string, object: Record<string, unknown>) => {
    if (!options.webhookUrl) return;
    const body = JSON.stringify({ id: id('evt'), type, created: Math.floor(Date.now() / 1000), data: { object } });
    // Like real gateways: a few retries with backoff until the receiver answers 2xx.
    for (let attempt = 1; attempt <= 5; attempt++) {
      const ok = await fetch(options.webhookUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SANDBOX_SIGNATURE_HEADER]: signWebhook(options.webhookSecret, body),
        },
        body,
      }).then(
        (response) => response.ok,
        () => false,
      );
      if (ok) return;
      await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt));
    }
    logger.warn({ type }, 'sandbox webhook not delivered');
  };

  const charge = (params: Record<string, any>): Answer => {
    const { amountMinor, currency, token, metadata } = params;
    if (
      !Number.isInteger(amountMinor) ||
      amountMinor <= 0 ||
      typeof currency !== 'string' ||
      typeof token !== 'string'
    ) {
      return {
        status: 400,
        body: { error: { code: 'parameter_invalid', message: 'amountMinor, currency and token are required.' } },
      };
    }
    const kind = tokenKind(token);
    const base = {
      id: id('ch'),
      amountMinor,
      refundedMinor: 0,
      currency,
      metadata: metadata ?? {},
      created: Date.now(),
    };
    const record: Charge =
      kind === 'success'
        ? { ...base, status: 'succeeded' }
        : kind === 'fraud'
          ? {
              ...base,
              status: 'declined',
              declineCode: 'fraudulent',
              message: 'The payment was declined as fraudulent.',
            }
          : kind === 'declined'
            ? { ...base, status: 'declined', declineCode: 'card_declined', message: 'The card was declined.' }
            : { ...base, status: 'declined', declineCode: 'invalid_token', message: 'The payment token is not valid.' };
    charges.set(record.id, record);
    void deliver(record.status === 'succeeded' ? 'charge.succeeded' : 'charge.failed', { ...record });
    return { status: 200, body: { ...record } };
  };

  const refund = (params: Record<string, any>): Answer => {
    const target = charges.get(String(params.chargeId));
    if (!target) return { status: 404, body: { error: { code: 'charge_not_found', message: 'No such charge.' } } };
    if (target.status !== 'succeeded')
      return {
        status: 400,
        body: { error: { code: 'charge_not_refundable', message: 'Only a succeeded charge can be refunded.' } },
      };
    const amountMinor = params.amountMinor ?? target.amountMinor - target.refundedMinor;
    if (!Number.isInteger(amountMinor) || amountMinor <= 0 || amountMinor > target.amountMinor - target.refundedMinor) {
      return {
        status: 400,
        body: { error: { code: 'amount_too_large', message: 'The refund exceeds what is left of the charge.' } },
      };
    }
    target.refundedMinor += amountMinor;
    const record = {
      id: id('re'),
      status: 'succeeded',
      chargeId: target.id,
      amountMinor,
      currency: target.currency,
      metadata: params.metadata ?? {},
    };
    void deliver('refund.succeeded', record);
    return { status: 200, body: record };
  };

  const risk = (params: Record<string, any>): Answer => {
    const token = String(params.token ?? '');
    const kind = tokenKind(token);
    return {
      status: 200,
      body: { level: kind === 'fraud' ? 'highest' : kind ? 'normal' : 'elevated', fingerprint: cardFingerprint(token) },
    };
  };

  /** Stripe's rules: same key and parameters → the stored answer; same key, other parameters → refused. */
  const idempotent = (
    path: string,
    key: string | undefined,
    params: Record<string, unknown>,
    run: () => Answer,
  ): Promise<Answer> => {
    if (!key)
      return Promise.resolve({
        status: 400,
        body: { error: { code: 'idempotency_key_required', message: 'Send an Idempotency-Key header.' } },
      });
    const fingerprint = createHash('sha256').update(JSON.stringify(params)).digest('hex');
    const stored = idempotency.get(`${path}:${key}`);
    if (stored) {
      if (stored.fingerprint !== fingerprint) {
        return Promise.resolve({
          status: 400,
          body: { error: { code: 'idempotency_key_reused', message: 'This key was used with other parameters.' } },
        });
      }
      return stored.answer;
    }
    const answer = Promise.resolve().then(run);
    idempotency.set(`${path}:${key}`, { fingerprint, answer });
    return answer;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const send = (answer: Answer, headers: Record<string, string> = {}) => {
      res.writeHead(answer.status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(answer.body));
    };
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const [low, high] = options.latencyMs;
    if (high > 0) await new Promise((resolve) => setTimeout(resolve, low + Math.random() * (high - low)));
    if (req.method === 'GET' && url.pathname === '/health') return send({ status: 200, body: { status: 'ok' } });
    if (req.method === 'GET' && url.pathname === '/v1/charges') {
      const transactionId = url.searchParams.get('transactionId');
      return send({
        status: 200,
        body: { data: [...charges.values()].filter((item) => item.metadata.transactionId === transactionId) },
      });
    }
    if (req.method !== 'POST')
      return send({ status: 404, body: { error: { code: 'not_found', message: 'Unknown endpoint.' } } });
    if (Math.random() < options.failureRate)
      return send({ status: 503, body: { error: { code: 'unavailable', message: 'Try again later.' } } });
    const params = await readJson(req);
    const key = req.headers['idempotency-key'] as string | undefined;
    switch (url.pathname) {
      case '/v1/risk':
        return send(risk(params));
      case '/v1/charges': {
        const answer = await idempotent(url.pathname, key, params, () => charge(params));
        return send(answer);
      }
      case '/v1/refunds':
        return send(await idempotent(url.pathname, key, params, () => refund(params)));
      default:
        return send({ status: 404, body: { error: { code: 'not_found', message: 'Unknown endpoint.' } } });
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      logger.warn({ err: error }, 'sandbox request failed');
      if (!res.headersSent) res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'bad_request', message: 'The request could not be read.' } }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  });
  const url = `http://${options.host}:${(server.address() as AddressInfo).port}`;
  logger.info({ url }, 'payment sandbox gateway ready');
  return {
    url,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
