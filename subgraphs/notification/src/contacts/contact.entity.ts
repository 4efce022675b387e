import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export interface ChannelPreferences {
  email: boolean;
  sms: boolean;
  push: boolean;
  whatsapp: boolean;
  inApp: boolean;
}

/** What notification knows of a user, fed by user-events (users owns the truth). */
export const ContactSchema = defineEntity({
  name: 'Contact',
  tableName: 'user_contacts',
  properties: {
    userId: p.uuid().primary(),
    email: p.string().length(255).nullable(),
    firstName: p.string().length(100).nullable(),
    lastName: p.string().length(100).nullable(),
    phone: p.string().length(20).nullable(),
    isActive: p.boolean(),
    preferences: p.json<ChannelPreferences>(),
    updatedAt: p.datetime(),
  },
});
export type Contact = InferEntity<typeof ContactSchema>;

export const PUSH_PLATFORMS = ['ANDROID', 'IOS', 'WEB'] as const;

export const PushDeviceSchema = defineEntity({
  name: 'PushDevice',
  tableName: 'push_devices',
  properties: {
    token: p.string().length(4096).primary(),
    userId: p.uuid(),
    platform: p.enum(PUSH_PLATFORMS),
    createdAt: p.datetime(),
    lastSeenAt: p.datetime(),
  },
});
export type PushDevice = InferEntity<typeof PushDeviceSchema>;
