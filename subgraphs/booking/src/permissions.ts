import { allow, hasRole, isAuthenticated, isOwnerOrAdmin, type PermissionOptions } from '@showstream/platform';
import type { Booking } from './bookings/booking.entity.ts';

/** Bookings are their owner's (and admins'); listing another user's is for admins. Anything not listed is denied. */
export const permissions: PermissionOptions = {
  entityTypes: ['Booking'],
  rules: {
    Query: {
      booking: isAuthenticated,
      myBookings: isAuthenticated,
      bookingsByUser: hasRole('ADMIN'),
      checkInCount: hasRole('ADMIN'),
      ticketManifest: hasRole('ADMIN'),
      checkInConflicts: hasRole('ADMIN'),
    },
    Mutation: {
      createBooking: isAuthenticated,
      cancelBooking: isAuthenticated,
      reissueTicket: isAuthenticated,
      // Door staff are ADMINs of the show's venue.
      checkInTicket: hasRole('ADMIN'),
      uploadOfflineCheckIns: hasRole('ADMIN'),
    },
    // Also guards bookings loaded by reference (`_entities`), e.g. from a Payment.
    Booking: isOwnerOrAdmin((booking: Booking) => booking.userId, 'booking'),
    BookedSeat: allow,
    // A ticket is reached through its booking (owner or admin), or by door staff's mutations.
    Ticket: allow,
    TicketDocuments: allow,
    CheckInCount: allow,
    TicketManifest: allow,
    CheckInConflict: allow,
    OfflineCheckInResult: allow,
    RejectedScan: allow,
    CancellationQuote: allow,
    BookingStatusChange: allow,
    BookingConnection: allow,
    BookingEdge: allow,
    PageInfo: allow,
    Money: allow,
    User: allow,
    Show: allow,
  },
};
