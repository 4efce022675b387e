import type { TopicEnvelope } from '@showstream/contracts';
import { run, type EntityManager } from '@showstream/platform';
import {
  updateContactProfile,
  upsertContactActivation,
  upsertContactPreferences,
  upsertRegisteredContact,
} from './contacts.queries.ts';

/** The users subgraph's events that feed the contacts projection. */
export const CONTACT_EVENTS = [
  'UserRegistered',
  'UserProfileUpdated',
  'UserPreferencesUpdated',
  'UserActivationChanged',
] as const;

/**
 * Keeps the contacts projection from user-events, in the consumer's inbox transaction. One user's
 * events share a partition, so they arrive in order; every write is an upsert anyway, so a
 * preferences event that overtook registration (a replayed topic) still lands.
 */
export async function applyUserEvent(
  envelope: TopicEnvelope<'user-events', (typeof CONTACT_EVENTS)[number]>,
  tx: EntityManager,
): Promise<void> {
  switch (envelope.type) {
    case 'UserRegistered': {
      const { data } = envelope;
      await run(tx, upsertRegisteredContact, {
        userId: data.userId,
        email: data.email,
        firstName: data.firstName,
        lastName: data.lastName,
        phone: data.phone,
      });
      return;
    }
    case 'UserProfileUpdated': {
      const { data } = envelope;
      // Only the contact fields this event says changed, and only when it carries their values.
      const fields = (['firstName', 'lastName', 'phone'] as const).filter(
        (field) => data.changed.includes(field) && field in data,
      );
      if (fields.length === 0) return;
      await run(tx, updateContactProfile, {
        userId: data.userId,
        setFirstName: fields.includes('firstName'),
        firstName: data.firstName ?? null,
        setLastName: fields.includes('lastName'),
        lastName: data.lastName ?? null,
        setPhone: fields.includes('phone'),
        phone: data.phone ?? null,
      });
      return;
    }
    case 'UserPreferencesUpdated': {
      const { data } = envelope;
      await run(tx, upsertContactPreferences, {
        userId: data.userId,
        preferences: JSON.stringify(data.notifications),
        // `hi-IN` reads Hindi templates: they are kept by primary language.
        language: data.language?.split('-')[0] ?? null,
      });
      return;
    }
    case 'UserActivationChanged': {
      const { data } = envelope;
      await run(tx, upsertContactActivation, { userId: data.userId, active: data.active });
      return;
    }
  }
}
