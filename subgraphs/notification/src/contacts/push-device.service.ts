import { z } from 'zod';
import { parseInput, query, type EntityManager, type Principal } from '@showstream/platform';
import { PUSH_PLATFORMS } from './contact.entity.ts';

const deviceSchema = z.object({
  // FCM registration tokens are ~150–200 characters of [A-Za-z0-9_:-].
  token: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_:-]{20,4096}$/, 'That is not a push registration token.'),
  platform: z.enum(PUSH_PLATFORMS),
});

/** The signed-in user's devices for push. A token registered by another user moves to this one: a device belongs to whoever signed in on it last. */
export class PushDeviceService {
  readonly #em: EntityManager;

  constructor(em: EntityManager) {
    this.#em = em;
  }

  async register(principal: Principal, input: unknown): Promise<boolean> {
    const { token, platform } = parseInput(deviceSchema, input);
    await query(
      this.#em,
      `insert into push_devices (token, user_id, platform) values (?, ?, ?)
       on conflict (token) do update set user_id = excluded.user_id, platform = excluded.platform, last_seen_at = now()`,
      [token, principal.userId, platform],
    );
    return true;
  }

  async unregister(principal: Principal, token: string): Promise<boolean> {
    await query(this.#em, 'delete from push_devices where token = ? and user_id = ?', [token, principal.userId]);
    return true;
  }
}
