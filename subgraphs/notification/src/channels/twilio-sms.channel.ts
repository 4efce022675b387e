import type { ChannelAdapter, OutgoingMessage, SendResult } from './channel.ts';
import { PermanentDeliveryError } from './channel.ts';
import { providerFetch, requireE164 } from './provider-http.ts';

export interface TwilioOptions {
  apiBase: string;
  accountSid: string;
  authToken: string;
  /** A sender number, or a Messaging Service SID (MG…). */
  from: string;
}

/**
 * SMS through Twilio's Messages API: `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`,
 * form-encoded To/From/Body with HTTP Basic auth (account SID and auth token). A 4xx carries
 * Twilio's error `code` (e.g. 21211 invalid To, 21610 the recipient replied STOP): permanent.
 */
export class TwilioSmsChannel implements ChannelAdapter {
  readonly channel = 'SMS' as const;
  readonly #options: TwilioOptions;

  constructor(options: TwilioOptions) {
    this.#options = options;
  }

  async send(message: OutgoingMessage, signal: AbortSignal): Promise<SendResult> {
    const { apiBase, accountSid, authToken, from } = this.#options;
    const form = new URLSearchParams({ To: requireE164(message.to), Body: message.body });
    form.set(from.startsWith('MG') ? 'MessagingServiceSid' : 'From', from);
    const response = await providerFetch(
      'twilio',
      `${apiBase}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`,
      {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: form,
        signal,
      },
    );
    if (response.status !== 201 && response.status !== 200) {
      throw new PermanentDeliveryError(
        `Twilio refused the SMS (${response.body.code ?? response.status}): ${response.body.message ?? 'no reason given'}`,
      );
    }
    return { providerMessageId: String(response.body.sid), deliveryStatus: String(response.body.status ?? 'queued') };
  }
}
