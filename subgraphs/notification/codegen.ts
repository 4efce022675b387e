import type { ResolverTypesConfig } from '../../schema/resolver-types.ts';

/** Resolver types: `npm run compose` writes them to src/generated/resolvers.ts. */
export default {
  contextType: '../context.ts#NotificationContext',
  mappers: {
    Notification: '../deliveries/delivery.entity.ts#Delivery',
    NotificationDelivery: '../deliveries/delivery.entity.ts#Delivery',
    NotificationTemplate: '../templates/template.entity.ts#Template',
  },
} satisfies ResolverTypesConfig;
