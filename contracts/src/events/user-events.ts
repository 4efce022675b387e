import { z } from 'zod';
import { id, role } from './shared.ts';

/** `user-events`, keyed by user id: accounts as the users subgraph changes them. */

const contact = {
  email: z.string(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  phone: z.string().nullable(),
};

export const UserRegistered = z.object({
  userId: id,
  ...contact,
  role,
  /** How the account came to be: a registration, social sign-in, or the configured super admin. */
  source: z.string(),
});

export const UserLoggedIn = z.object({
  userId: id,
  /** PASSWORD, or the social-login provider's name. */
  method: z.string(),
});

/** `changed` names the fields; the contact values are the new ones. */
export const UserProfileUpdated = z.object({
  userId: id,
  changed: z.array(z.string()),
  ...contact,
});

export const NOTIFICATION_CHANNELS = ['email', 'sms', 'push', 'whatsapp', 'inApp'] as const;

export const UserPreferencesUpdated = z.object({
  userId: id,
  language: z.string().nullable(),
  city: z.string().nullable(),
  notifications: z.object(
    Object.fromEntries(NOTIFICATION_CHANNELS.map((channel) => [channel, z.boolean()])) as Record<
      (typeof NOTIFICATION_CHANNELS)[number],
      z.ZodBoolean
    >,
  ),
});

export const UserRoleChanged = z.object({
  userId: id,
  from: role,
  to: role,
  /** Null for the configured super admin's promotion at start-up. */
  changedBy: id.nullable(),
});

export const UserActivationChanged = z.object({
  userId: id,
  active: z.boolean(),
  changedBy: id,
});

export const userEvents = {
  UserRegistered,
  UserLoggedIn,
  UserProfileUpdated,
  UserPreferencesUpdated,
  UserRoleChanged,
  UserActivationChanged,
};
