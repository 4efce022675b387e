import { z } from 'zod';
import { parseInput, run, type EntityManager, type Principal } from '@showstream/platform';
import { PUSH_PLATFORMS } from './contact.entity.ts';
import { registerPushDevice, unregisterPushDevice } from './contacts.queries.ts';

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
    await run(this.#em, registerPushDevice, { token, userId: principal.userId, platform });
    return true;
  }

  async unregister(principal: Principal, token: string): Promise<boolean> {
    await run(this.#em, unregisterPushDevice, { token, userId: principal.userId });
    return true;
  }
}
