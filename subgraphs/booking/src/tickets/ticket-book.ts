import { randomUUID } from 'node:crypto';
import type { Seat } from '@showstream/contracts';
import { run, type EntityManager } from '@showstream/platform';
import type { BookingConfig } from '../config.ts';
import type { Booking } from '../bookings/booking.entity.ts';
import type { TicketSigner } from './ticket-signer.ts';
import {
  issueTickets,
  voidReissuedTicket,
  voidTicketsOfBooking,
  type TicketsOfBookingsResult,
} from './tickets.queries.ts';

/** A ticket as its statements read it. */
export type TicketRow = TicketsOfBookingsResult;

/**
 * Issues and voids a booking's tickets, in the transaction of the booking change that causes it:
 * a confirmed booking has one valid ticket per seat, a cancelled or refunded one none.
 */
export class TicketBook {
  readonly #signer: TicketSigner;
  readonly #config: BookingConfig;

  constructor(signer: TicketSigner, config: BookingConfig) {
    this.#signer = signer;
    this.#config = config;
  }

  /** When a show's tickets stop admitting anyone: their signed expiry. */
  admissionClosesAt(showStartsAt: Date): Date {
    return new Date(showStartsAt.getTime() + this.#config.TICKET_ADMISSION_CLOSES_MINUTES * 60_000);
  }

  admissionOpensAt(showStartsAt: Date): Date {
    return new Date(showStartsAt.getTime() - this.#config.TICKET_ADMISSION_OPENS_MINUTES * 60_000);
  }

  async issue(tx: EntityManager, booking: Booking, seats: readonly Seat[]): Promise<void> {
    const closesAt = this.admissionClosesAt(booking.showStartsAt);
    const tickets = seats.map((seat) => ({ id: randomUUID(), seat }));
    const payloads = await Promise.all(
      tickets.map(({ id, seat }) =>
        this.#signer.sign({ id, showId: booking.showId, seatNumber: seat.number }, closesAt),
      ),
    );
    await run(tx, issueTickets, {
      ids: tickets.map((ticket) => ticket.id),
      bookingId: booking.id,
      showId: booking.showId,
      seatNumbers: seats.map((seat) => seat.number),
      rowLabels: seats.map((seat) => seat.row),
      seatTypes: seats.map((seat) => seat.seatType),
      payloads,
      replaces: null,
    });
  }

  /** A new ticket for the same seat, the old one void from the same commit; null when the old one is no longer valid. */
  async reissue(tx: EntityManager, old: TicketRow, showStartsAt: Date): Promise<TicketRow | null> {
    // The old ticket leaves the seat's one live place before its replacement takes it.
    const [voided] = await run(tx, voidReissuedTicket, { id: old.id });
    if (!voided) return null;
    const id = randomUUID();
    const payload = await this.#signer.sign(
      { id, showId: old.showId, seatNumber: old.seatNumber },
      this.admissionClosesAt(showStartsAt),
    );
    await run(tx, issueTickets, {
      ids: [id],
      bookingId: old.bookingId,
      showId: old.showId,
      seatNumbers: [old.seatNumber],
      rowLabels: [old.rowLabel],
      seatTypes: [old.seatType],
      payloads: [payload],
      replaces: old.id,
    });
    return {
      ...old,
      id,
      status: 'VALID',
      payload,
      issuedAt: new Date().toISOString(),
      usedAt: null,
      usedGate: null,
      voidedAt: null,
      voidReason: null,
    };
  }

  async voidAll(tx: EntityManager, bookingId: string, reason: string): Promise<void> {
    await run(tx, voidTicketsOfBooking, { bookingId, reason });
  }
}
