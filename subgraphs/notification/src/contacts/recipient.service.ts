import { isUuid, type EntityManager } from '@showstream/platform';
import { CHANNELS, PREFERENCE_KEYS, type Channel } from '../channels/channel.ts';
import { ContactSchema, PushDeviceSchema } from './contact.entity.ts';

export interface Recipient {
  userId: string;
  email: string | null;
  phone: string | null;
  isActive: boolean;
  optedIn: Channel[];
  pushDevices: number;
}

/** The contacts projection as admins (support) see it. */
export class RecipientService {
  readonly #em: EntityManager;

  constructor(em: EntityManager) {
    this.#em = em;
  }

  async get(userId: string): Promise<Recipient | null> {
    if (!isUuid(userId)) return null;
    const [contact, pushDevices] = await Promise.all([
      this.#em.findOne(ContactSchema, { userId }),
      this.#em.fork().count(PushDeviceSchema, { userId }),
    ]);
    if (!contact) return null;
    const preferences = contact.preferences as unknown as Record<string, boolean>;
    return {
      userId,
      email: contact.email ?? null,
      phone: contact.phone ?? null,
      isActive: contact.isActive,
      optedIn: CHANNELS.filter((channel) => preferences[PREFERENCE_KEYS[channel]]),
      pushDevices,
    };
  }
}
