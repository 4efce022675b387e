import { defineLiveFields } from '@showstream/contracts';

/** Notification's subscription fields (schema.graphql), served by the router from the channels notification publishes. */
export const liveFields = defineLiveFields({
  // The viewer's own notifications; the message is the whole Notification, so nothing is fetched.
  notificationReceived: { channel: 'notifications', channelOf: 'viewer', access: 'signed-in' },
});
