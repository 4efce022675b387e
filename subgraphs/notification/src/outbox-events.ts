/**
 * The events this service consumes. It publishes none: what it does is visible in its own
 * delivery log (notification_queue) and, for in-app messages, on the user's live channel.
 */

/** `notification-events`, keyed by user id (docs/booking-saga.md). */
export const NotificationEvent = {
  NotificationRequested: 'NotificationRequested',
} as const;

export interface NotificationRequestedData {
  userId: string;
  kind: string;
  bookingId?: string;
  showId?: string;
  variables: Record<string, unknown>;
}

/** The users subgraph's `user-events` (keyed by user id) that feed the contacts projection. */
export const UserEvent = {
  Registered: 'UserRegistered',
  ProfileUpdated: 'UserProfileUpdated',
  PreferencesUpdated: 'UserPreferencesUpdated',
  ActivationChanged: 'UserActivationChanged',
} as const;

export interface UserRegisteredData {
  userId: string;
  email: string;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
}

/** `changed` names the fields; the current contact values came later, so older events lack them. */
export interface UserProfileUpdatedData {
  userId: string;
  changed: string[];
  firstName?: string | null;
  lastName?: string | null;
  phone?: string | null;
}

export interface UserPreferencesUpdatedData {
  userId: string;
  notifications: { email: boolean; sms: boolean; push: boolean; whatsapp: boolean; inApp: boolean };
}

export interface UserActivationChangedData {
  userId: string;
  active: boolean;
}
