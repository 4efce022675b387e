import type { Infrastructure } from '@showstream/platform';
import type { NotificationConfig } from '../config.ts';
import type { Channel, ChannelAdapter } from './channel.ts';
import { FcmPushChannel } from './fcm-push.channel.ts';
import { InAppChannel } from './in-app.channel.ts';
import { SmtpEmailChannel } from './smtp-email.channel.ts';
import { TwilioSmsChannel } from './twilio-sms.channel.ts';
import { WhatsAppChannel } from './whatsapp.channel.ts';

export type ChannelAdapters = ReadonlyMap<Channel, ChannelAdapter>;

/** In-app always; each external channel when its provider is configured (the others' deliveries are skipped as not configured). */
export function createChannelAdapters(config: NotificationConfig, infra: Infrastructure): ChannelAdapters {
  const adapters: ChannelAdapter[] = [new InAppChannel(infra.pubsub)];
  if (config.SMTP_URL) {
    const email = new SmtpEmailChannel(config.SMTP_URL, config.EMAIL_FROM, config.NOTIFICATION_SEND_TIMEOUT_MS);
    infra.lifecycle.onShutdown('smtp pool', async () => email.close());
    adapters.push(email);
  }
  if (config.TWILIO_ACCOUNT_SID && config.TWILIO_AUTH_TOKEN && config.TWILIO_FROM) {
    adapters.push(
      new TwilioSmsChannel({
        apiBase: config.TWILIO_API_BASE,
        accountSid: config.TWILIO_ACCOUNT_SID,
        authToken: config.TWILIO_AUTH_TOKEN,
        from: config.TWILIO_FROM,
      }),
    );
  }
  if (config.WHATSAPP_PHONE_NUMBER_ID && config.WHATSAPP_ACCESS_TOKEN) {
    adapters.push(
      new WhatsAppChannel({
        apiBase: config.WHATSAPP_API_BASE,
        phoneNumberId: config.WHATSAPP_PHONE_NUMBER_ID,
        accessToken: config.WHATSAPP_ACCESS_TOKEN,
      }),
    );
  }
  if (config.FCM_PROJECT_ID && config.FCM_ACCESS_TOKEN) {
    adapters.push(
      new FcmPushChannel({
        apiBase: config.FCM_API_BASE,
        projectId: config.FCM_PROJECT_ID,
        accessToken: config.FCM_ACCESS_TOKEN,
      }),
    );
  }
  infra.logger.info({ channels: adapters.map((adapter) => adapter.channel) }, 'notification channels configured');
  return new Map(adapters.map((adapter) => [adapter.channel, adapter]));
}
