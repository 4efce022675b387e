import {
  allow,
  hasRole,
  isAuthenticated,
  isOwnerOrAdmin,
  roleAtLeast,
  rule,
  unauthenticated,
  forbidden,
  type PermissionOptions,
  type Principal,
} from '@showstream/platform';
import type { Payment } from './payments/payment.entity.ts';
import type { Refund } from './refunds/refund.entity.ts';

/** A Booking as this subgraph resolves it: its owner from the projection, null while payment has not seen it. */
export interface BookingRef {
  id: string;
  userId: string | null;
}

/** A booking's payments: its owner's and admins'; a booking payment has not seen yet has none to show. */
const bookingOwnerOrAdmin = rule('bookingOwnerOrAdmin', { cache: 'strict' })((
  booking: BookingRef,
  _args,
  ctx: { principal?: Principal },
) => {
  if (!ctx.principal) return unauthenticated();
  if (booking.userId === null || booking.userId === ctx.principal.userId || roleAtLeast(ctx.principal.role, 'ADMIN'))
    return true;
  return forbidden();
});

/** Payments are their payer's (and admins'); refunds are issued by admins; fraud checks are for admins. Anything not listed is denied. */
export const permissions: PermissionOptions = {
  entityTypes: ['Payment', 'Booking'],
  rules: {
    Query: { payment: isAuthenticated, paymentGateways: allow },
    Mutation: { initiatePayment: isAuthenticated, confirmPayment: isAuthenticated, refundPayment: hasRole('ADMIN') },
    Payment: { '*': isOwnerOrAdmin((payment: Payment) => payment.userId, 'payment'), fraudChecks: hasRole('ADMIN') },
    Refund: isOwnerOrAdmin((refund: Refund) => refund.userId, 'refund'),
    FraudCheck: hasRole('ADMIN'),
    Booking: bookingOwnerOrAdmin,
    Money: allow,
  },
};
