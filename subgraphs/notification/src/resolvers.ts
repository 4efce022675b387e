import { DateTimeScalar, viewer } from '@showstream/platform';
import type { Resolvers } from './generated/resolvers.ts';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query: {
    myNotifications: (_parent, args, ctx) =>
      ctx.inbox.list(viewer(ctx).userId, args.unreadOnly ?? false, args.first, args.after),
    notificationTemplates: (_parent, args, ctx) => ctx.templates.list(args),
    notificationDeliveries: (_parent, args, ctx) => ctx.deliveries.list(args, args.first, args.after),
    notificationRecipient: (_parent, { userId }, ctx) => ctx.recipients.get(userId),
  },
  Mutation: {
    markNotificationRead: (_parent, { id }, ctx) => ctx.inbox.markRead(viewer(ctx), id),
    markAllNotificationsRead: (_parent, _args, ctx) => ctx.inbox.markAllRead(viewer(ctx)),
    registerPushDevice: (_parent, args, ctx) => ctx.devices.register(viewer(ctx), args),
    unregisterPushDevice: (_parent, { token }, ctx) => ctx.devices.unregister(viewer(ctx), token),
    sendNotification: (_parent, { input }, ctx) => ctx.deliveries.send(input),
    sendBulkNotifications: (_parent, { input }, ctx) => ctx.deliveries.sendBulk(viewer(ctx), input),
    createNotificationTemplate: (_parent, { input }, ctx) => ctx.templates.create(input),
    updateNotificationTemplate: (_parent, args, ctx) => ctx.templates.update(args.id, args.input),
  },
  Notification: {
    body: (delivery) => delivery.body ?? '',
  },
  NotificationDelivery: {
    template: (delivery, _args, ctx) => ctx.loaders.template.load(delivery.templateId),
    providerStatus: (delivery) => delivery.deliveryStatus ?? null,
    nextAttemptAt: (delivery) =>
      delivery.status === 'QUEUED' || delivery.status === 'SENDING' ? delivery.nextAttemptAt : null,
  },
};
