import type { GraphQLResolverMap } from '@apollo/subgraph';
import { DateTimeScalar, viewer } from '@showstream/platform';
import type { NotificationContext } from './context.ts';
import type { Delivery, DeliveryStatus } from './deliveries/delivery.entity.ts';
import type { Channel } from './channels/channel.ts';

type Page = { first?: number; after?: string };

export const resolvers: GraphQLResolverMap<NotificationContext> = {
  DateTime: DateTimeScalar,
  Query: {
    myNotifications: (_parent, args: Page & { unreadOnly?: boolean | null }, ctx) =>
      ctx.inbox.list(viewer(ctx).userId, args.unreadOnly ?? false, args.first, args.after),
    notificationTemplates: (_parent, args: { kind?: string | null; channel?: Channel | null }, ctx) =>
      ctx.templates.list(args),
    notificationDeliveries: (
      _parent,
      args: Page & {
        userId?: string | null;
        recipient?: string | null;
        status?: DeliveryStatus | null;
        kind?: string | null;
      },
      ctx,
    ) => ctx.deliveries.list(args, args.first, args.after),
    notificationRecipient: (_parent, { userId }: { userId: string }, ctx) => ctx.recipients.get(userId),
  },
  Mutation: {
    markNotificationRead: (_parent, { id }: { id: string }, ctx) => ctx.inbox.markRead(viewer(ctx), id),
    markAllNotificationsRead: (_parent, _args, ctx) => ctx.inbox.markAllRead(viewer(ctx)),
    registerPushDevice: (_parent, args: { token: string; platform: string }, ctx) =>
      ctx.devices.register(viewer(ctx), args),
    unregisterPushDevice: (_parent, { token }: { token: string }, ctx) => ctx.devices.unregister(viewer(ctx), token),
    sendNotification: (_parent, { input }: { input: unknown }, ctx) => ctx.deliveries.send(input),
    sendBulkNotifications: (_parent, { input }: { input: unknown }, ctx) => ctx.deliveries.sendBulk(viewer(ctx), input),
    createNotificationTemplate: (_parent, { input }: { input: unknown }, ctx) => ctx.templates.create(input),
    updateNotificationTemplate: (_parent, args: { id: string; input: unknown }, ctx) =>
      ctx.templates.update(args.id, args.input),
  },
  Notification: {
    body: (delivery: Delivery) => delivery.body ?? '',
  },
  NotificationDelivery: {
    template: (delivery: Delivery, _args, ctx) => ctx.loaders.template.load(delivery.templateId),
    providerStatus: (delivery: Delivery) => delivery.deliveryStatus,
    nextAttemptAt: (delivery: Delivery) =>
      delivery.status === 'QUEUED' || delivery.status === 'SENDING' ? delivery.nextAttemptAt : null,
  },
};
