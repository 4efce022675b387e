import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ReceivedEmail, SmtpSandbox } from './smtp-sandbox.ts';
import { TEST_PORT_BASE } from './stack.ts';

/** Beside the OIDC (+95), Stripe (+96) and SMTP (+97) sandboxes. */
export const MESSAGING_SANDBOX_PORT = TEST_PORT_BASE + 98;
export const MESSAGING_SANDBOX_URL = `http://127.0.0.1:${MESSAGING_SANDBOX_PORT}`;

const TWILIO_ACCOUNT_SID = `AC${'5a'.repeat(16)}`;
const TWILIO_AUTH_TOKEN = 'twilio-sandbox-auth-token';
/** Twilio's magic test numbers: a valid sender, and a recipient that is not a valid phone number (error 21211). */
const TWILIO_FROM = '+15005550006';
export const INVALID_PHONE_NUMBER = '+15005550001';
const WHATSAPP_PHONE_NUMBER_ID = '106540352242922';
const WHATSAPP_ACCESS_TOKEN = 'whatsapp-sandbox-access-token';
const FCM_PROJECT_ID = 'showstream-sandbox';
const FCM_ACCESS_TOKEN = 'ya29.fcm-sandbox-access-token';
/** Device tokens starting with this are unknown to FCM (404 UNREGISTERED), as after an app is uninstalled. */
export const UNREGISTERED_PUSH_TOKEN_PREFIX = 'unregistered';

export type SandboxChannel = 'sms' | 'whatsapp' | 'push' | 'email';

/** One request a provider received, whatever it answered. */
export interface ProviderRequest {
  channel: SandboxChannel;
  to: string;
  outcome: 'accepted' | 'failed' | 'rejected';
  at: string;
  /** What arrived, as the provider parsed it (form fields for Twilio, JSON for WhatsApp and FCM). */
  payload: Record<string, any>;
}

export interface MessagingSandbox {
  url: string;
  server: Server;
  close(): void;
}

/** The notification subgraph's provider settings pointing at the sandboxes. */
export function messagingSandboxEnv(smtp: SmtpSandbox): Record<string, string> {
  return {
    SMTP_URL: smtp.url,
    EMAIL_FROM: 'ShowStream <no-reply@showstream.test>',
    TWILIO_API_BASE: MESSAGING_SANDBOX_URL,
    TWILIO_ACCOUNT_SID,
    TWILIO_AUTH_TOKEN,
    TWILIO_FROM,
    WHATSAPP_API_BASE: `${MESSAGING_SANDBOX_URL}/v21.0`,
    WHATSAPP_PHONE_NUMBER_ID,
    WHATSAPP_ACCESS_TOKEN,
    FCM_API_BASE: MESSAGING_SANDBOX_URL,
    FCM_PROJECT_ID,
    FCM_ACCESS_TOKEN,
  };
}

type Answer = { status: number; body: Record<string, unknown> };
const json = (status: number, body: Record<string, unknown>): Answer => ({ status, body });
const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/**
 * Local stand-ins for the messaging providers, speaking their HTTP APIs: Twilio's Messages API
 * (form-encoded, Basic auth, 201 message resource, `{code, message}` errors), Meta's WhatsApp
 * Cloud API (`POST /{version}/{phone-number-id}/messages`, Bearer, `{error: {code, …}}`) and FCM
 * HTTP v1 (`POST /v1/projects/{id}/messages:send`, Bearer, Google's error shape). Everything that
 * arrives is kept; `POST /__sandbox/fail-next {channel, to, count}` makes the next requests to one
 * recipient fail transiently (503, or SMTP 451 for email). `GET /__sandbox/requests` and
 * `/__sandbox/emails` are for tests.
 */
export async function startMessagingSandbox(options: { port?: number; smtp: SmtpSandbox }): Promise<MessagingSandbox> {
  const requests: ProviderRequest[] = [];
  const failures = new Map<string, number>();
  const record = (
    channel: SandboxChannel,
    to: string,
    payload: Record<string, any>,
    outcome: ProviderRequest['outcome'],
  ) => requests.push({ channel, to, payload, outcome, at: new Date().toISOString() });
  const failing = (channel: SandboxChannel, to: string) => {
    const left = failures.get(`${channel}:${to}`) ?? 0;
    if (left > 0) failures.set(`${channel}:${to}`, left - 1);
    return left > 0;
  };

  const twilio = (req: IncomingMessage, raw: string, accountSid: string): Answer => {
    const expected = `Basic ${Buffer.from(`${TWILIO_ACCOUNT_SID}:${TWILIO_AUTH_TOKEN}`).toString('base64')}`;
    if (req.headers.authorization !== expected || accountSid !== TWILIO_ACCOUNT_SID) {
      return json(401, {
        code: 20003,
        message: 'Authenticate',
        more_info: 'https://www.twilio.com/docs/errors/20003',
        status: 401,
      });
    }
    const form = Object.fromEntries(new URLSearchParams(raw));
    const to = form.To ?? '';
    if (!form.Body || !(form.From || form.MessagingServiceSid)) {
      return json(400, {
        code: 21604,
        message: "A 'From' phone number and 'Body' are required.",
        more_info: 'https://www.twilio.com/docs/errors/21604',
        status: 400,
      });
    }
    if (failing('sms', to)) {
      record('sms', to, form, 'failed');
      return json(503, { code: 20503, message: 'Service unavailable', status: 503 });
    }
    if (!/^\+[1-9]\d{7,14}$/.test(to) || to === INVALID_PHONE_NUMBER) {
      record('sms', to, form, 'rejected');
      return json(400, {
        code: 21211,
        message: `The 'To' number ${to} is not a valid phone number.`,
        more_info: 'https://www.twilio.com/docs/errors/21211',
        status: 400,
      });
    }
    record('sms', to, form, 'accepted');
    const sid = `SM${hex(16)}`;
    return json(201, {
      sid,
      account_sid: accountSid,
      to,
      from: form.From ?? null,
      messaging_service_sid: form.MessagingServiceSid ?? null,
      body: form.Body,
      status: 'queued',
      num_segments: String(Math.ceil(form.Body.length / 160)),
      direction: 'outbound-api',
      api_version: '2010-04-01',
      date_created: new Date().toUTCString(),
      uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
    });
  };

  const whatsapp = (req: IncomingMessage, raw: string, phoneNumberId: string): Answer => {
    const metaError = (status: number, code: number, message: string) =>
      json(status, { error: { message, type: 'OAuthException', code, fbtrace_id: `A${hex(8)}` } });
    if (req.headers.authorization !== `Bearer ${WHATSAPP_ACCESS_TOKEN}`)
      return metaError(401, 190, 'Invalid OAuth access token - Cannot parse access token');
    if (phoneNumberId !== WHATSAPP_PHONE_NUMBER_ID)
      return metaError(400, 100, `Unsupported post request. Object with ID '${phoneNumberId}' does not exist`);
    const body = JSON.parse(raw) as Record<string, any>;
    const to = String(body.to ?? '');
    if (body.messaging_product !== 'whatsapp' || body.type !== 'text' || typeof body.text?.body !== 'string') {
      return metaError(400, 100, '(#100) Invalid parameter');
    }
    if (failing('whatsapp', to)) {
      record('whatsapp', to, body, 'failed');
      return metaError(503, 131000, 'Something went wrong');
    }
    if (!/^[1-9]\d{7,14}$/.test(to) || `+${to}` === INVALID_PHONE_NUMBER) {
      record('whatsapp', to, body, 'rejected');
      return metaError(400, 131026, '(#131026) Message Undeliverable');
    }
    record('whatsapp', to, body, 'accepted');
    return json(200, {
      messaging_product: 'whatsapp',
      contacts: [{ input: to, wa_id: to }],
      messages: [{ id: `wamid.${hex(20)}` }],
    });
  };

  const fcm = (req: IncomingMessage, raw: string, projectId: string): Answer => {
    const googleError = (status: number, state: string, message: string, errorCode?: string) =>
      json(status, {
        error: {
          code: status,
          message,
          status: state,
          ...(errorCode
            ? { details: [{ '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode }] }
            : {}),
        },
      });
    if (req.headers.authorization !== `Bearer ${FCM_ACCESS_TOKEN}`)
      return googleError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.');
    if (projectId !== FCM_PROJECT_ID) return googleError(404, 'NOT_FOUND', 'Requested entity was not found.');
    const body = JSON.parse(raw) as Record<string, any>;
    const token = String(body.message?.token ?? '');
    if (!token || !body.message?.notification?.body)
      return googleError(400, 'INVALID_ARGUMENT', 'Request contains an invalid argument.', 'INVALID_ARGUMENT');
    if (failing('push', token)) {
      record('push', token, body, 'failed');
      return googleError(503, 'UNAVAILABLE', 'The service is currently unavailable.', 'UNAVAILABLE');
    }
    if (token.startsWith(UNREGISTERED_PUSH_TOKEN_PREFIX)) {
      record('push', token, body, 'rejected');
      return googleError(404, 'NOT_FOUND', 'Requested entity was not found.', 'UNREGISTERED');
    }
    record('push', token, body, 'accepted');
    return json(200, { name: `projects/${projectId}/messages/0:${Date.now()}%${hex(8)}` });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const send = ({ status, body }: Answer) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const url = new URL(req.url ?? '/', 'http://messaging.sandbox');
    const path = url.pathname;
    let match: RegExpExecArray | null;
    if (req.method === 'GET' && path === '/__sandbox/requests') {
      const channel = url.searchParams.get('channel');
      const to = url.searchParams.get('to');
      return send(
        json(200, {
          requests: requests.filter(
            (request) => (!channel || request.channel === channel) && (!to || request.to === to),
          ),
        }),
      );
    }
    if (req.method === 'GET' && path === '/__sandbox/emails') {
      const to = url.searchParams.get('to')?.toLowerCase();
      return send(json(200, { emails: options.smtp.emails.filter((email) => !to || email.to.includes(to)) }));
    }
    if (req.method === 'POST' && path === '/__sandbox/fail-next') {
      const { channel, to, count } = JSON.parse(raw || '{}') as { channel: SandboxChannel; to: string; count?: number };
      if (channel === 'email') options.smtp.failNext(to, count ?? 1);
      else failures.set(`${channel}:${to}`, count ?? 1);
      return send(json(200, { channel, to, count: count ?? 1 }));
    }
    if (req.method !== 'POST') return send(json(405, { message: 'Method not allowed' }));
    if ((match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(path)))
      return send(twilio(req, raw, decodeURIComponent(match[1]!)));
    if ((match = /^\/v\d+\.\d+\/([^/]+)\/messages$/.exec(path)))
      return send(whatsapp(req, raw, decodeURIComponent(match[1]!)));
    if ((match = /^\/v1\/projects\/([^/]+)\/messages:send$/.exec(path)))
      return send(fcm(req, raw, decodeURIComponent(match[1]!)));
    send(json(404, { message: `No route for ${req.method} ${path}` }));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: 'Malformed request' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? MESSAGING_SANDBOX_PORT, '127.0.0.1', resolve));
  return {
    url: MESSAGING_SANDBOX_URL,
    server,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

/** What the providers received for one recipient (tests run in other processes than the sandbox, so they ask over HTTP). */
export async function providerRequests(
  channel: Exclude<SandboxChannel, 'email'>,
  to: string,
): Promise<ProviderRequest[]> {
  const response = await fetch(
    `${MESSAGING_SANDBOX_URL}/__sandbox/requests?${new URLSearchParams({ channel, to }).toString()}`,
  );
  return ((await response.json()) as { requests: ProviderRequest[] }).requests;
}

/** Emails the SMTP sandbox received for `to`. */
export async function receivedEmails(to: string): Promise<ReceivedEmail[]> {
  const response = await fetch(`${MESSAGING_SANDBOX_URL}/__sandbox/emails?${new URLSearchParams({ to }).toString()}`);
  return ((await response.json()) as { emails: ReceivedEmail[] }).emails;
}

/** The next `count` messages to `to` on `channel` fail transiently at the provider. */
export async function failNextDeliveries(channel: SandboxChannel, to: string, count: number): Promise<void> {
  await fetch(`${MESSAGING_SANDBOX_URL}/__sandbox/fail-next`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ channel, to, count }),
  });
}
