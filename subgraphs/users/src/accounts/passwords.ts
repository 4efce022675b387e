import argon2 from 'argon2';

/** OWASP Password Storage Cheat Sheet minimum for argon2id: 19 MiB, 2 iterations, 1 lane. */
const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => argon2.hash(password, ARGON2_OPTIONS);

/**
 * Verifies against the stored hash, or against a throwaway hash when there is none, so an
 * unknown email costs as long as a wrong password and response times do not reveal accounts.
 */
export async function verifyPassword(hash: string | null | undefined, password: string): Promise<boolean> {
  const target = hash ?? (await dummyHash);
  const ok = await argon2.verify(target, password).catch(() => false);
  return ok && hash !== undefined && hash !== null;
}

const dummyHash = argon2.hash('showstream-timing-equaliser', ARGON2_OPTIONS);
