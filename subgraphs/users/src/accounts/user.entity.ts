import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const UserSchema = defineEntity({
  name: 'User',
  tableName: 'users',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    email: p.string().length(255),
    passwordHash: p.string().length(255).nullable(),
    firstName: p.string().length(100).nullable(),
    lastName: p.string().length(100).nullable(),
    phone: p.string().length(20).nullable(),
    dateOfBirth: p.string().columnType('date').nullable(),
    role: p.enum(['USER', 'ADMIN', 'SUPER_ADMIN'] as const).default('USER'),
    isActive: p.boolean().default(true),
    /** Goes into every access token; raised on deactivation and demotion, which voids the tokens before it (tokens/token-revocations.ts). */
    tokenVersion: p.integer().default(0),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
export type User = InferEntity<typeof UserSchema>;

export interface NotificationPreferences {
  email: boolean;
  sms: boolean;
  push: boolean;
  whatsapp: boolean;
  inApp: boolean;
}

/** Transactional messages go out by email and in-app unless the user says otherwise; WhatsApp needs an explicit opt-in. */
export const DEFAULT_NOTIFICATION_PREFERENCES: NotificationPreferences = {
  email: true,
  sms: true,
  push: true,
  whatsapp: false,
  inApp: true,
};

export const UserPreferencesSchema = defineEntity({
  name: 'UserPreferences',
  tableName: 'user_preferences',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    userId: p.uuid().unique(),
    preferredLanguage: p.string().length(10).nullable(),
    preferredCity: p.string().length(100).nullable(),
    notificationPreferences: p.json<NotificationPreferences>(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
export type UserPreferences = InferEntity<typeof UserPreferencesSchema>;
