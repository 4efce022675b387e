import { allow, isAuthenticated, isOwnerOrAdmin, type PermissionOptions } from '@showstream/platform';
import type { SeatLock } from './locks/seat-lock.entity.ts';

/** Seat maps are public; holds are their holder's (and admins'). Anything not listed is denied. */
export const permissions: PermissionOptions = {
  entityTypes: ['Show', 'SeatLock'],
  rules: {
    Query: { seatMap: allow, seatLock: isAuthenticated, myActiveLocks: isAuthenticated },
    Mutation: { lockSeats: isAuthenticated, releaseSeats: isAuthenticated },
    SeatLock: isOwnerOrAdmin((lock: SeatLock) => lock.userId, 'seatLock'),
    Show: allow,
    SeatMap: allow,
    SeatAvailability: allow,
    Seat: allow,
    Money: allow,
  },
};
