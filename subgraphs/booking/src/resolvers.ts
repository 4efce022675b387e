import { DateTimeScalar, isUuid, money, viewer } from '@showstream/platform';
import type { BookingSeat } from './bookings/booking.entity.ts';
import { ticketDocuments } from './tickets/ticket-documents.ts';
import { cancellationQuote } from './bookings/pricing.ts';
import type { Resolvers } from './generated/resolvers.ts';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query: {
    booking: (_parent, { id }, ctx) => ctx.bookings.getForViewer(viewer(ctx), id),
    myBookings: (_parent, args, ctx) => ctx.bookings.listForUser(viewer(ctx).userId, args.first, args.after),
    bookingsByUser: (_parent, args, ctx) => ctx.bookings.listForUser(args.userId, args.first, args.after),
    checkInCount: (_parent, { showId }, ctx) => ctx.checkIns.count(showId),
    ticketManifest: (_parent, { showId }, ctx) => ctx.checkIns.manifest(showId),
    checkInConflicts: (_parent, { showId }, ctx) => ctx.checkIns.conflicts(showId),
  },
  Mutation: {
    createBooking: (_parent, { lockId }, ctx) => ctx.bookings.create(viewer(ctx), lockId),
    cancelBooking: (_parent, args, ctx) => ctx.bookings.cancel(viewer(ctx), args.id, args.reason),
    reissueTicket: (_parent, { id }, ctx) => ctx.checkIns.reissue(viewer(ctx), id),
    checkInTicket: (_parent, args, ctx) => ctx.checkIns.checkIn(args.showId, args.qrPayload, args.gate),
    uploadOfflineCheckIns: (_parent, args, ctx) => ctx.checkIns.uploadOffline(args.showId, args.scans),
  },
  Booking: {
    // Field rules (owner or admin) guard what a reference resolves to.
    __resolveReference: async (reference, ctx) =>
      isUuid(reference.id) ? ((await ctx.loaders.booking.load(reference.id)) ?? null) : null,
    user: (booking) => ({ id: booking.userId }),
    show: (booking) => ({ id: booking.showId }),
    seats: async (booking, _args, ctx) =>
      (await ctx.loaders.seats.load(booking.id)).map((seat: BookingSeat) => ({
        number: seat.seatNumber,
        row: seat.rowLabel,
        seatType: seat.seatType,
        price: money(seat.priceMinor, booking.currency),
      })),
    totalAmount: (booking) => money(booking.totalMinor, booking.currency),
    bookingFee: (booking) => money(booking.bookingFeeMinor, booking.currency),
    taxes: (booking) => money(booking.taxesMinor, booking.currency),
    finalAmount: (booking) => money(booking.finalMinor, booking.currency),
    refundAmount: (booking) =>
      booking.refundMinor === null || booking.refundMinor === undefined
        ? null
        : money(booking.refundMinor, booking.currency),
    history: (booking, _args, ctx) => ctx.loaders.history.load(booking.id),
    cancellationQuote: (booking) => {
      const quote = cancellationQuote(booking);
      return { allowed: quote.allowed, refundAmount: money(quote.refundMinor, booking.currency), rule: quote.rule };
    },
    tickets: (booking, _args, ctx) => ctx.loaders.tickets.load(booking.id),
    ticketDocuments: async (booking, _args, ctx) => (await ticketDocuments(ctx.em, ctx.shows, booking)) ?? null,
  },
  Ticket: {
    show: (ticket) => ({ id: ticket.showId }),
    row: (ticket) => ticket.rowLabel,
    qrPayload: (ticket) => ticket.payload,
    checkedInAt: (ticket) => ticket.usedAt,
    gate: (ticket) => ticket.usedGate,
  },
};
