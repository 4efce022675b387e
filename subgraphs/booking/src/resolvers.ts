import type { GraphQLResolverMap } from '@apollo/subgraph';
import { DateTimeScalar, isUuid, money, viewer } from '@showstream/platform';
import type { Booking, BookingSeat } from './bookings/booking.entity.ts';
import { cancellationQuote } from './bookings/pricing.ts';
import type { BookingContext } from './context.ts';

type Page = { first?: number; after?: string };

export const resolvers: GraphQLResolverMap<BookingContext> = {
  DateTime: DateTimeScalar,
  Query: {
    booking: (_parent, { id }: { id: string }, ctx) => ctx.bookings.getForViewer(viewer(ctx), id),
    myBookings: (_parent, args: Page, ctx) => ctx.bookings.listForUser(viewer(ctx).userId, args.first, args.after),
    bookingsByUser: (_parent, args: Page & { userId: string }, ctx) =>
      ctx.bookings.listForUser(args.userId, args.first, args.after),
  },
  Mutation: {
    createBooking: (_parent, { lockId }: { lockId: string }, ctx) => ctx.bookings.create(viewer(ctx), lockId),
    cancelBooking: (_parent, args: { id: string; reason?: string }, ctx) =>
      ctx.bookings.cancel(viewer(ctx), args.id, args.reason),
  },
  Booking: {
    // Field rules (owner or admin) guard what a reference resolves to.
    __resolveReference: async (reference: { id: string }, ctx: BookingContext) =>
      isUuid(reference.id) ? ((await ctx.loaders.booking.load(reference.id)) ?? null) : null,
    user: (booking: Booking) => ({ id: booking.userId }),
    show: (booking: Booking) => ({ id: booking.showId }),
    seats: async (booking: Booking, _args, ctx) =>
      (await ctx.loaders.seats.load(booking.id)).map((seat: BookingSeat) => ({
        number: seat.seatNumber,
        row: seat.rowLabel,
        seatType: seat.seatType,
        price: money(seat.priceMinor, booking.currency),
      })),
    totalAmount: (booking: Booking) => money(booking.totalMinor, booking.currency),
    bookingFee: (booking: Booking) => money(booking.bookingFeeMinor, booking.currency),
    taxes: (booking: Booking) => money(booking.taxesMinor, booking.currency),
    finalAmount: (booking: Booking) => money(booking.finalMinor, booking.currency),
    refundAmount: (booking: Booking) =>
      booking.refundMinor === null || booking.refundMinor === undefined
        ? null
        : money(booking.refundMinor, booking.currency),
    history: (booking: Booking, _args, ctx) => ctx.loaders.history.load(booking.id),
    cancellationQuote: (booking: Booking) => {
      const quote = cancellationQuote(booking);
      return { allowed: quote.allowed, refundAmount: money(quote.refundMinor, booking.currency), rule: quote.rule };
    },
  },
};
