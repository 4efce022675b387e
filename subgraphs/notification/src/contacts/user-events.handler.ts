import type { TopicEnvelope } from '@showstream/contracts';
import { query, type EntityManager } from '@showstream/platform';

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
      await query(
        tx,
        `insert into user_contacts (user_id, email, first_name, last_name, phone) values (?, ?, ?, ?, ?)
         on conflict (user_id) do update set email = excluded.email, first_name = excluded.first_name, last_name = excluded.last_name,
           phone = excluded.phone, updated_at = now()`,
        [data.userId, data.email, data.firstName, data.lastName, data.phone],
      );
      return;
    }
    case 'UserProfileUpdated': {
      const { data } = envelope;
      // Only the contact fields this event says changed, and only when it carries their values.
      const fields = (['firstName', 'lastName', 'phone'] as const).filter(
        (field) => data.changed.includes(field) && field in data,
      );
      if (fields.length === 0) return;
      const columns = { firstName: 'first_name', lastName: 'last_name', phone: 'phone' };
      await query(
        tx,
        `update user_contacts set ${fields.map((field) => `${columns[field]} = ?`).join(', ')}, updated_at = now() where user_id = ?`,
        [...fields.map((field) => data[field] ?? null), data.userId],
      );
      return;
    }
    case 'UserPreferencesUpdated': {
      const { data } = envelope;
      await query(
        tx,
        `insert into user_contacts (user_id, preferences) values (?, ?::jsonb)
         on conflict (user_id) do update set preferences = excluded.preferences, updated_at = now()`,
        [data.userId, JSON.stringify(data.notifications)],
      );
      return;
    }
    case 'UserActivationChanged': {
      const { data } = envelope;
      await query(
        tx,
        'insert into user_contacts (user_id, is_active) values (?, ?) on conflict (user_id) do update set is_active = excluded.is_active, updated_at = now()',
        [data.userId, data.active],
      );
      return;
    }
  }
}
