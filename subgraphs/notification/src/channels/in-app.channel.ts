import { liveChannels, type LiveMessage } from '@showstream/contracts';
import type { PubSub } from '@showstream/platform';
import type { ChannelAdapter, OutgoingMessage, SendResult } from './channel.ts';

/**
 * In-app: the row itself is the inbox entry (listed once SENT); sending publishes it to the user's
 * live channel, which the router serves as `notificationReceived`. The worker only claims committed
 * rows, so the message never announces something a rollback takes back; a worker that crashes after
 * publishing publishes again on retry, and clients recognise the repeat by its id.
 */
export class InAppChannel implements ChannelAdapter {
  readonly channel = 'IN_APP' as const;
  readonly #pubsub: PubSub;

  constructor(pubsub: PubSub) {
    this.#pubsub = pubsub;
  }

  async send(message: OutgoingMessage): Promise<SendResult> {
    // A Notification as `notificationReceived` sends it: exactly the API's fields, createdAt as ISO string.
    const live: LiveMessage<'notifications'> = {
      id: message.deliveryId,
      channel: 'IN_APP',
      subject: message.subject,
      body: message.body,
      status: 'SENT',
      readAt: null,
      createdAt: message.createdAt.toISOString(),
    };
    await this.#pubsub.publish(liveChannels.notifications.name(message.to), JSON.stringify(live));
    return { providerMessageId: null, deliveryStatus: 'published' };
  }
}
