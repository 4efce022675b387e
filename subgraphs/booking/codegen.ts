import type { ResolverTypesConfig } from '../../schema/resolver-types.ts';

/** Resolver types: `npm run compose` writes them to src/generated/resolvers.ts. */
export default {
  contextType: '../context.ts#BookingContext',
  mappers: {
    Booking: '../bookings/booking.entity.ts#Booking',
    BookingStatusChange: '../bookings/booking.entity.ts#BookingStatusChange',
    Ticket: '../tickets/ticket-book.ts#TicketRow',
    CheckInConflict: '../tickets/check-in.service.ts#CheckInConflict',
  },
} satisfies ResolverTypesConfig;
