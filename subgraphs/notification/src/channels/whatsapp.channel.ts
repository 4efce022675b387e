import type { ChannelAdapter, OutgoingMessage, SendResult } from './channel.ts';
import { PermanentDeliveryError } from './channel.ts';
import { TransientProviderError, providerFetch, requireE164 } from './provider-http.ts';

export interface WhatsAppOptions {
  /** Graph API base with its version, e.g. https://graph.facebook.com/v21.0 */
  apiBase: string;
  phoneNumberId: string;
  accessToken: string;
}

/** Cloud API error codes that mean "later": throttling and temporary outages. Everything else refuses this message for good. */
const RETRYABLE_CODES = new Set([1, 2, 4, 80007, 130429, 131000, 131016, 131056, 133004]);

/**
 * WhatsApp through Meta's Cloud API: `POST /{phone-number-id}/messages` with a Bearer token and a
 * `text` message. Meta only delivers free text inside the 24-hour window after the customer last
 * wrote; outside it (error 131047) the message fails permanently — business-initiated messages need
 * Meta-approved message templates, which this adapter does not send yet.
 */
export class WhatsAppChannel implements ChannelAdapter {
  readonly channel = 'WHATSAPP' as const;
  readonly #options: WhatsAppOptions;

  constructor(options: WhatsAppOptions) {
    this.#options = options;
  }

  async send(message: OutgoingMessage, signal: AbortSignal): Promise<SendResult> {
    const { apiBase, phoneNumberId, accessToken } = this.#options;
    const to = requireE164(message.to).slice(1);
    const response = await providerFetch('whatsapp', `${apiBase}/${encodeURIComponent(phoneNumberId)}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to,
        type: 'text',
        text: { preview_url: false, body: message.body },
      }),
      signal,
    });
    if (response.status !== 200) {
      const error = (response.body.error ?? {}) as { code?: number; message?: string };
      const reason = `WhatsApp refused the message (${error.code ?? response.status}): ${error.message ?? 'no reason given'}`;
      if (error.code !== undefined && RETRYABLE_CODES.has(error.code)) throw new TransientProviderError(reason);
      throw new PermanentDeliveryError(reason);
    }
    const id = (response.body.messages as { id?: string }[] | undefined)?.[0]?.id;
    return { providerMessageId: id ?? null, deliveryStatus: 'accepted' };
  }
}
