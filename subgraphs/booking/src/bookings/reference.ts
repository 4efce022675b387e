import { randomBytes } from 'node:crypto';

/** Crockford's base32: no I, L, O or U, so a reference read out over the phone is not misheard. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `SS-` and 8 random characters (40 bits); the unique constraint catches the rare collision and the caller retries. */
export function newBookingReference(): string {
  const bytes = randomBytes(5);
  let bits = BigInt(`0x${bytes.toString('hex')}`);
  let code = '';
  for (let i = 0; i < 8; i++) {
    code = ALPHABET[Number(bits & 31n)] + code;
    bits >>= 5n;
  }
  return `SS-${code}`;
}
