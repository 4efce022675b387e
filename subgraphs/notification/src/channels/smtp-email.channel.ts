import { createTransport, type Transporter } from 'nodemailer';
import type { ChannelAdapter, OutgoingMessage, SendResult } from './channel.ts';
import { PermanentDeliveryError } from './channel.ts';

/**
 * Email over SMTP with nodemailer, pooled. The delivery id is the Message-ID, so a message re-sent
 * after a lost reply is recognisably the same one. A 5xx reply (an unknown mailbox, a rejected
 * address) is permanent; 4xx replies and connection failures are retried.
 */
export class SmtpEmailChannel implements ChannelAdapter {
  readonly channel = 'EMAIL' as const;
  readonly #transport: Transporter;
  readonly #from: string;

  constructor(smtpUrl: string, from: string, timeoutMs: number) {
    this.#transport = createTransport({
      ...smtpOptions(smtpUrl),
      pool: true,
      maxConnections: 2,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    });
    this.#from = from;
  }

  async send(message: OutgoingMessage): Promise<SendResult> {
    try {
      const info = await this.#transport.sendMail({
        from: this.#from,
        to: message.to,
        subject: message.subject ?? '',
        text: message.body,
        attachments: message.attachments?.map(({ filename, contentType, content }) => ({
          filename,
          contentType,
          content,
        })),
        messageId: `<${message.deliveryId}@notification.showstream>`,
        date: message.createdAt,
      });
      return { providerMessageId: info.messageId, deliveryStatus: String(info.response ?? 'accepted').slice(0, 60) };
    } catch (error) {
      const smtpError = error as { permanent?: boolean; response?: string; message: string };
      if (smtpError.permanent)
        throw new PermanentDeliveryError(
          `The mail server refused the message: ${smtpError.response ?? smtpError.message}`,
        );
      throw error;
    }
  }

  close(): void {
    this.#transport.close();
  }
}

/** `smtp(s)://user:pass@host:port?ignoreTLS=true` as nodemailer options (the URL form is nodemailer's own). */
function smtpOptions(url: string) {
  const parsed = new URL(url);
  const flag = (name: string) => parsed.searchParams.get(name) === 'true';
  return {
    host: parsed.hostname,
    port: Number(parsed.port) || (parsed.protocol === 'smtps:' ? 465 : 587),
    secure: parsed.protocol === 'smtps:',
    ignoreTLS: flag('ignoreTLS'),
    requireTLS: flag('requireTLS'),
    ...(parsed.username
      ? { auth: { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) } }
      : {}),
  };
}
