import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { SignJWT, createLocalJWKSet, exportJWK, generateKeyPair } from 'jose';
import { TicketSigner } from './ticket-signer.ts';

/** A key like the ones SigningKeyStore keeps, held in memory: the signer needs nothing else. */
async function keys() {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const kid = randomUUID();
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }] };
  return { algorithm: 'ES256', active: { kid, privateKey }, keySet: createLocalJWKSet(jwks), jwks };
}

const ticket = { id: randomUUID(), showId: randomUUID(), seatNumber: 'A7' };
const codeOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return (error as { extensions?: { code?: string } }).extensions?.code;
  }
  throw new Error('expected a refusal');
};

describe('TicketSigner', () => {
  it('verifies what it signed, and says which ticket, show and seat', async () => {
    const signer = new TicketSigner(await keys());
    const payload = await signer.sign(ticket, new Date(Date.now() + 3_600_000));
    await expect(signer.verify(payload)).resolves.toEqual({
      ticketId: ticket.id,
      showId: ticket.showId,
      seatNumber: 'A7',
    });
  });

  it('refuses an expired ticket as TICKET_EXPIRED and anything else not signed as a ticket as INVALID_TICKET', async () => {
    const store = await keys();
    const signer = new TicketSigner(store);
    expect(await codeOf(signer.verify(await signer.sign(ticket, new Date(Date.now() - 1_000))))).toBe('TICKET_EXPIRED');
    // A manifest is signed with the same key but is no ticket.
    expect(await codeOf(signer.verify(await signer.signManifest({ showId: ticket.showId })))).toBe('INVALID_TICKET');
    // The right claims under another key.
    const other = new TicketSigner(await keys());
    expect(await codeOf(signer.verify(await other.sign(ticket, new Date(Date.now() + 60_000))))).toBe('INVALID_TICKET');
    // Signed by our key but without the seat.
    const seatless = await new SignJWT({ show: ticket.showId })
      .setProtectedHeader({ alg: 'ES256', kid: store.active.kid, typ: 'ticket+jwt' })
      .setJti(ticket.id)
      .setExpirationTime('1h')
      .sign(store.active.privateKey);
    expect(await codeOf(signer.verify(seatless))).toBe('INVALID_TICKET');
    expect(await codeOf(signer.verify('eyJhbGciOiJub25lIn0.e30.'))).toBe('INVALID_TICKET');
  });
});
