import { DateTimeScalar, isUuid, loadExisting, money, viewer } from '@showstream/platform';
import type { Resolvers } from './generated/resolvers.ts';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query: {
    payment: (_parent, { transactionId }, ctx) => ctx.payments.getForViewer(viewer(ctx), transactionId),
    paymentGateways: (_parent, _args, ctx) => ctx.gatewayNames,
  },
  Mutation: {
    initiatePayment: (_parent, args, ctx) => ctx.payments.initiate(viewer(ctx), args),
    confirmPayment: (_parent, args, ctx) => ctx.payments.confirm(viewer(ctx), args.transactionId, args.paymentToken),
    refundPayment: (_parent, args, ctx) => ctx.payments.refund(args.paymentId, args.amountMinor, args.reason),
  },
  Payment: {
    __resolveReference: (reference, ctx) => (isUuid(reference.id) ? ctx.loaders.payment.load(reference.id) : null),
    booking: (payment) => ({ id: payment.bookingId, userId: payment.userId }),
    amount: (payment) => money(payment.amountMinor, payment.currency),
    refundedAmount: (payment) => money(payment.refundedMinor, payment.currency),
    refunds: (payment, _args, ctx) => ctx.loaders.refundsByPayment.load(payment.id),
    fraudChecks: (payment, _args, ctx) => ctx.loaders.fraudChecksByPayment.load(payment.id),
  },
  Refund: {
    payment: (refund, _args, ctx) => loadExisting(ctx.loaders.payment, refund.paymentId, 'Payment'),
    amount: (refund) => money(refund.amountMinor, refund.currency),
  },
  Booking: {
    __resolveReference: async (reference, ctx) => {
      const booking = isUuid(reference.id) ? await ctx.loaders.booking.load(reference.id) : undefined;
      return { id: reference.id, userId: booking?.userId ?? null };
    },
    payments: (booking, _args, ctx) => (isUuid(booking.id) ? ctx.loaders.paymentsByBooking.load(booking.id) : []),
  },
};
