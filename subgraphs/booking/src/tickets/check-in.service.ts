import { randomUUID } from 'node:crypto';
import { liveChannels, type LiveMessage } from '@showstream/contracts';
import {
  ClientError,
  ErrorCode,
  badInput,
  forbidden,
  notFound,
  requireUuid,
  roleAtLeast,
  run,
  runOne,
  type EntityManager,
  type Logger,
  type Principal,
  type PubSub,
} from '@showstream/platform';
import type { TicketBook, TicketRow } from './ticket-book.ts';
import type { TicketClaims, TicketSigner } from './ticket-signer.ts';
import {
  checkInConflictsOfShow,
  checkInCount,
  lockTicket,
  markTicketUsed,
  recordCheckInConflict,
  showManifest,
  type LockTicketResult,
} from './tickets.queries.ts';

/** What one process shares with every request's check-in service. */
export interface CheckInDependencies {
  signer: TicketSigner;
  book: TicketBook;
  pubsub: PubSub;
  logger: Logger;
}

const MAX_OFFLINE_SCANS = 1000;

function gateName(gate: string, field = 'gate'): string {
  const name = gate.trim();
  if (name.length === 0 || name.length > 40) throw badInput('A gate is named in 1 to 40 characters.', field);
  return name;
}

/** The refusal of a second scan, saying when and where the first one let the ticket in. */
function alreadyUsed(ticket: { usedAt: string | null; usedGate: string | null }): ClientError {
  const at = ticket.usedAt === null ? null : new Date(ticket.usedAt).toISOString();
  return new ClientError(ErrorCode.ALREADY_USED, `Already scanned in at ${ticket.usedGate} at ${at}.`, {
    firstCheckIn: { at, gate: ticket.usedGate },
  });
}

/** An uploaded offline scan, as `uploadOfflineCheckIns` takes it. */
export interface OfflineScan {
  qrPayload: string;
  gate: string;
  scannedAt: Date;
}

/** A scan that let someone in on a ticket that admitted nobody more, as `checkInConflicts` lists it. */
export interface CheckInConflict {
  ticketId: string;
  seatNumber: string;
  gate: string;
  scannedAt: string;
  reason: string;
  firstGate: string | null;
  firstCheckedInAt: string | null;
  reportedAt: string;
}

type Scan = { outcome: 'accepted' | 'duplicate' } | { outcome: 'conflict'; conflict: CheckInConflict };

/**
 * Tickets at the door: scanning in (online, and uploads from scanners that were offline), the
 * signed manifest scanners fall back on, the live count, and re-issuing a ticket.
 */
export class CheckInService {
  readonly #em: EntityManager;
  readonly #deps: CheckInDependencies;

  constructor(em: EntityManager, deps: CheckInDependencies) {
    this.#em = em;
    this.#deps = deps;
  }

  /** The ticket's claims, checked to be for `showId`. */
  async #ticketOfShow(showId: string, qrPayload: string): Promise<TicketClaims> {
    const claims = await this.#deps.signer.verify(qrPayload);
    if (claims.showId !== showId) {
      throw new ClientError(ErrorCode.WRONG_SHOW, `This ticket is for another show (seat ${claims.seatNumber}).`);
    }
    return claims;
  }

  async checkIn(showIdArg: string, qrPayload: string, gateArg: string): Promise<TicketRow> {
    const showId = requireUuid(showIdArg, 'Show');
    const gate = gateName(gateArg);
    const claims = await this.#ticketOfShow(showId, qrPayload);
    const ticket = await this.#em.fork().transactional(async (tx) => {
      const locked = await this.#lock(tx, claims.ticketId);
      if (locked.status === 'VOID') {
        throw new ClientError(ErrorCode.TICKET_VOID, `This ticket is void: ${locked.voidReason ?? 'cancelled'}.`);
      }
      if (locked.status === 'USED') throw alreadyUsed(locked);
      const opensAt = this.#deps.book.admissionOpensAt(new Date(locked.showStartsAt));
      if (Date.now() < opensAt.getTime()) {
        throw new ClientError(ErrorCode.ADMISSION_NOT_OPEN, `Doors open at ${opensAt.toISOString()}.`, {
          opensAt: opensAt.toISOString(),
        });
      }
      const usedAt = new Date();
      await run(tx, markTicketUsed, { id: locked.id, usedAt, gate });
      return { ...locked, status: 'USED', usedAt: usedAt.toISOString(), usedGate: gate };
    });
    await this.#publishCount(showId);
    return ticket;
  }

  async #lock(tx: EntityManager, ticketId: string): Promise<LockTicketResult> {
    const [ticket] = await run(tx, lockTicket, { id: ticketId });
    // Signed by us but unknown here: a ticket from another installation's key is not ours to admit.
    if (!ticket) throw new ClientError(ErrorCode.INVALID_TICKET, 'This is not a valid ShowStream ticket.');
    return ticket;
  }

  /**
   * Applies a door's offline scans in the order given. A valid ticket becomes USED with the scan's
   * own time and gate; the same scan uploaded again changes nothing; a ticket that was already used
   * elsewhere, or void, let someone in who should not have been: that is recorded and reported.
   */
  async uploadOffline(showIdArg: string, scans: readonly OfflineScan[]) {
    const showId = requireUuid(showIdArg, 'Show');
    if (scans.length > MAX_OFFLINE_SCANS)
      throw badInput(`Upload at most ${MAX_OFFLINE_SCANS} scans at a time.`, 'scans');
    let accepted = 0;
    let duplicates = 0;
    const conflicts: CheckInConflict[] = [];
    const rejected: { index: number; code: string; message: string }[] = [];
    for (const [index, scan] of scans.entries()) {
      try {
        const gate = gateName(scan.gate, `scans.${index}.gate`);
        const claims = await this.#ticketOfShow(showId, scan.qrPayload);
        const result = await this.#applyOfflineScan(showId, claims.ticketId, gate, scan.scannedAt);
        if (result.outcome === 'accepted') accepted++;
        if (result.outcome === 'duplicate') duplicates++;
        if (result.outcome === 'conflict') conflicts.push(result.conflict);
      } catch (error) {
        if (!(error instanceof ClientError)) throw error;
        rejected.push({ index, code: String(error.extensions.code), message: error.message });
      }
    }
    if (accepted > 0) await this.#publishCount(showId);
    return { accepted, duplicates, conflicts, rejected };
  }

  async #applyOfflineScan(showId: string, ticketId: string, gate: string, scannedAt: Date): Promise<Scan> {
    return this.#em.fork().transactional(async (tx): Promise<Scan> => {
      const ticket = await this.#lock(tx, ticketId);
      if (ticket.status === 'VALID') {
        await run(tx, markTicketUsed, { id: ticket.id, usedAt: scannedAt, gate });
        return { outcome: 'accepted' };
      }
      const sameScan =
        ticket.status === 'USED' &&
        ticket.usedGate === gate &&
        ticket.usedAt !== null &&
        new Date(ticket.usedAt).getTime() === scannedAt.getTime();
      if (sameScan) return { outcome: 'duplicate' };
      const conflict: CheckInConflict = {
        ticketId: ticket.id,
        seatNumber: ticket.seatNumber,
        gate,
        scannedAt: scannedAt.toISOString(),
        reason: ticket.status === 'USED' ? 'ALREADY_USED' : 'TICKET_VOID',
        firstGate: ticket.usedGate,
        firstCheckedInAt: ticket.usedAt,
        reportedAt: new Date().toISOString(),
      };
      // Uploaded again, the same conflict is not recorded twice.
      await run(tx, recordCheckInConflict, {
        id: randomUUID(),
        showId,
        ...conflict,
        firstUsedAt: ticket.usedAt,
      });
      return { outcome: 'conflict', conflict };
    });
  }

  async conflicts(showIdArg: string): Promise<CheckInConflict[]> {
    const showId = requireUuid(showIdArg, 'Show');
    const rows = await run(this.#em.fork(), checkInConflictsOfShow, { showId });
    return rows.map(({ firstUsedAt, ...row }) => ({ ...row, firstCheckedInAt: firstUsedAt }));
  }

  async count(showIdArg: string): Promise<LiveMessage<'checkIns'>> {
    const showId = requireUuid(showIdArg, 'Show');
    return { showId, ...(await runOne(this.#em.fork(), checkInCount, { showId })) };
  }

  /** Live counts are a convenience: a scan that went through is not undone because Redis is away. */
  async #publishCount(showId: string): Promise<void> {
    try {
      const message = await this.count(showId);
      await this.#deps.pubsub.publish(liveChannels.checkIns.name(showId), JSON.stringify(message));
    } catch (error) {
      this.#deps.logger.warn({ err: error, showId }, 'could not publish the check-in count');
    }
  }

  async manifest(showIdArg: string) {
    const showId = requireUuid(showIdArg, 'Show');
    const rows = await run(this.#em.fork(), showManifest, { showId });
    const idsWith = (status: string) => rows.filter((row) => row.status === status).map((row) => row.id);
    const manifest = {
      showId,
      generatedAt: new Date().toISOString(),
      validTicketIds: idsWith('VALID'),
      usedTicketIds: idsWith('USED'),
      voidTicketIds: idsWith('VOID'),
    };
    return { ...manifest, signed: await this.#deps.signer.signManifest(manifest) };
  }

  /** The owner (or an admin) replaces a valid ticket; the new one is returned. */
  async reissue(principal: Principal, ticketIdArg: string): Promise<TicketRow> {
    const ticketId = requireUuid(ticketIdArg, 'Ticket');
    return this.#em.fork().transactional(async (tx) => {
      const [ticket] = await run(tx, lockTicket, { id: ticketId });
      if (!ticket) throw notFound('Ticket', ticketId);
      if (ticket.userId !== principal.userId && !roleAtLeast(principal.role, 'ADMIN')) throw forbidden();
      if (ticket.status !== 'VALID') {
        throw new ClientError(
          ErrorCode.CONFLICT,
          `Only a valid ticket can be re-issued; this one is ${ticket.status}.`,
        );
      }
      const reissued = await this.#deps.book.reissue(tx, ticket, new Date(ticket.showStartsAt));
      if (!reissued) throw new Error(`ticket ${ticketId} was locked VALID but could not be voided`);
      return reissued;
    });
  }
}
