import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { TEST_PORT_BASE } from './stack.ts';

export const SMTP_SANDBOX_PORT = TEST_PORT_BASE + 97;
export const SMTP_SANDBOX_USER = 'showstream-smtp';
export const SMTP_SANDBOX_PASSWORD = 'smtp-sandbox-password';
/** Addresses at this domain do not exist: RCPT TO answers 550, as a real server does for an unknown mailbox. */
export const SMTP_BOUNCE_DOMAIN = 'bounce.example.test';

export interface ReceivedEmail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  messageId: string;
  receivedAt: string;
  /** Files the message carried, base64 so the sandbox can hand them out as JSON. */
  attachments: { filename: string; contentType: string; contentBase64: string }[];
}

export interface SmtpSandbox {
  /** The connection URL for the notification subgraph's SMTP_URL. */
  url: string;
  emails: ReceivedEmail[];
  /** The next `count` messages to `address` get a transient 451 reply. */
  failNext(address: string, count: number): void;
  close(): Promise<void>;
}

const smtpError = (message: string, responseCode: number) => Object.assign(new Error(message), { responseCode });

/**
 * A local SMTP server (the `smtp-server` library) that receives what the notification service
 * sends over real SMTP: AUTH PLAIN/LOGIN with the sandbox credentials (no TLS on loopback), every
 * accepted message parsed with `mailparser` and kept for tests to read.
 */
export async function startSmtpSandbox(port = SMTP_SANDBOX_PORT): Promise<SmtpSandbox> {
  const emails: ReceivedEmail[] = [];
  const failures = new Map<string, number>();
  const server = new SMTPServer({
    logger: false,
    banner: 'ShowStream SMTP sandbox',
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth: (auth, _session, callback) =>
      auth.username === SMTP_SANDBOX_USER && auth.password === SMTP_SANDBOX_PASSWORD
        ? callback(null, { user: auth.username })
        : callback(smtpError('Invalid username or password', 535)),
    onRcptTo: (address: SMTPServerAddress, _session, callback) => {
      const recipient = address.address.toLowerCase();
      if (recipient.endsWith(`@${SMTP_BOUNCE_DOMAIN}`))
        return callback(smtpError(`5.1.1 <${recipient}>: Recipient address rejected: User unknown`, 550));
      const left = failures.get(recipient) ?? 0;
      if (left > 0) {
        failures.set(recipient, left - 1);
        return callback(smtpError('4.3.2 Service temporarily unavailable, try again later', 451));
      }
      callback();
    },
    onData: (stream, session, callback) => {
      simpleParser(stream).then(
        (mail) => {
          emails.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase()),
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            messageId: mail.messageId ?? '',
            receivedAt: new Date().toISOString(),
            attachments: mail.attachments.map((attachment) => ({
              filename: attachment.filename ?? '',
              contentType: attachment.contentType,
              contentBase64: attachment.content.toString('base64'),
            })),
          });
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    url: `smtp://${SMTP_SANDBOX_USER}:${SMTP_SANDBOX_PASSWORD}@127.0.0.1:${port}?ignoreTLS=true`,
    emails,
    failNext: (address, count) => void failures.set(address.toLowerCase(), count),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
