import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import { ClientError, ErrorCode, type SigningKeyStore } from '@showstream/platform';

/** What the signer needs of a key store: the key that signs and the published keys that verify. */
type TicketKeys = Pick<SigningKeyStore, 'algorithm' | 'active' | 'keySet'>;

/** The JWS `typ` of a ticket's QR payload, and of a show's manifest: neither passes for the other. */
export const TICKET_TYPE = 'ticket+jwt';
export const MANIFEST_TYPE = 'ticket-manifest+jwt';

/** What a ticket's QR payload says, once its signature is checked. */
export interface TicketClaims {
  ticketId: string;
  showId: string;
  seatNumber: string;
}

const invalidTicket = () => new ClientError(ErrorCode.INVALID_TICKET, 'This is not a valid ShowStream ticket.');

/**
 * Signs tickets and manifests with booking's ticket key (ES256, published as a JWKS), and verifies
 * tickets. Short claim names keep the QR code small: `jti` the ticket, `show`, `seat`, `exp`.
 */
export class TicketSigner {
  readonly #keys: TicketKeys;

  constructor(keys: TicketKeys) {
    this.#keys = keys;
  }

  sign(ticket: { id: string; showId: string; seatNumber: string }, admissionClosesAt: Date): Promise<string> {
    return this.#signed({ show: ticket.showId, seat: ticket.seatNumber }, TICKET_TYPE)
      .setJti(ticket.id)
      .setExpirationTime(admissionClosesAt)
      .sign(this.#keys.active.privateKey);
  }

  signManifest(manifest: Record<string, unknown>): Promise<string> {
    return this.#signed(manifest, MANIFEST_TYPE).sign(this.#keys.active.privateKey);
  }

  #signed(claims: Record<string, unknown>, typ: string): SignJWT {
    return new SignJWT(claims)
      .setProtectedHeader({ alg: this.#keys.algorithm, kid: this.#keys.active.kid, typ })
      .setIssuedAt();
  }

  /** The ticket's claims; INVALID_TICKET for anything we did not sign as a ticket, TICKET_EXPIRED once admission has closed. */
  async verify(payload: string): Promise<TicketClaims> {
    try {
      const { payload: claims } = await jwtVerify(payload.trim(), this.#keys.keySet, {
        algorithms: [this.#keys.algorithm],
        typ: TICKET_TYPE,
        requiredClaims: ['jti', 'exp', 'show', 'seat'],
      });
      const { jti, show, seat } = claims;
      if (typeof jti !== 'string' || typeof show !== 'string' || typeof seat !== 'string') throw invalidTicket();
      return { ticketId: jti, showId: show, seatNumber: seat };
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) {
        throw new ClientError(ErrorCode.TICKET_EXPIRED, 'Admission for this ticket has closed.');
      }
      if (error instanceof ClientError) throw error;
      // Every other failure (bad signature, unknown key, wrong type, not a JWS at all) means the same to a door.
      throw invalidTicket();
    }
  }
}
