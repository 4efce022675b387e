import { allow, hasRole, isAuthenticated, type PermissionOptions } from '@showstream/platform';

/**
 * The inbox and devices are the caller's own (the services scope every query to the caller);
 * templates, sends and the delivery log are for admins. No entity types: nothing here is
 * resolvable by reference. Anything not listed is denied.
 */
export const permissions: PermissionOptions = {
  entityTypes: [],
  rules: {
    Query: {
      myNotifications: isAuthenticated,
      notificationTemplates: hasRole('ADMIN'),
      notificationDeliveries: hasRole('ADMIN'),
      notificationRecipient: hasRole('ADMIN'),
    },
    Mutation: {
      markNotificationRead: isAuthenticated,
      markAllNotificationsRead: isAuthenticated,
      registerPushDevice: isAuthenticated,
      unregisterPushDevice: isAuthenticated,
      sendNotification: hasRole('ADMIN'),
      sendBulkNotifications: hasRole('ADMIN'),
      createNotificationTemplate: hasRole('ADMIN'),
      updateNotificationTemplate: hasRole('ADMIN'),
    },
    // Reached only through the caller's own inbox queries above.
    Notification: allow,
    NotificationConnection: allow,
    NotificationEdge: allow,
    PageInfo: allow,
    NotificationDelivery: hasRole('ADMIN'),
    NotificationDeliveryConnection: hasRole('ADMIN'),
    NotificationDeliveryEdge: hasRole('ADMIN'),
    NotificationTemplate: hasRole('ADMIN'),
    NotificationRecipient: hasRole('ADMIN'),
  },
};
