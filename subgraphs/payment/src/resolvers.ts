import type { GraphQLResolverMap } from '@apollo/subgraph';
import { DateTimeScalar, isUuid, money, viewer } from '@showstream/platform';
import type { PaymentContext } from './context.ts';
import type { Payment } from './payments/payment.entity.ts';
import type { BookingRef } from './permissions.ts';
import type { Refund } from './refunds/refund.entity.ts';

export const resolvers: GraphQLResolverMap<PaymentContext> = {
  DateTime: DateTimeScalar,
  Query: {
    payment: (_parent, { transactionId }: { transactionId: string }, ctx) =>
      ctx.payments.getForViewer(viewer(ctx), transactionId),
    paymentGateways: (_parent, _args, ctx) => ctx.gatewayNames,
  },
  Mutation: {
    initiatePayment: (
      _parent,
      args: { bookingId: string; method: string; gateway?: string | null; idempotencyKey?: string | null },
      ctx,
    ) => ctx.payments.initiate(viewer(ctx), args),
    confirmPayment: (_parent, args: { transactionId: string; paymentToken: string }, ctx) =>
      ctx.payments.confirm(viewer(ctx), args.transactionId, args.paymentToken),
    refundPayment: (_parent, args: { paymentId: string; amountMinor?: number | null; reason: string }, ctx) =>
      ctx.payments.refund(args.paymentId, args.amountMinor, args.reason),
  },
  Payment: {
    __resolveReference: (reference: { id: string }, ctx: PaymentContext) =>
      isUuid(reference.id) ? ctx.loaders.payment.load(reference.id) : null,
    booking: (payment: Payment): BookingRef => ({ id: payment.bookingId, userId: payment.userId }),
    amount: (payment: Payment) => money(payment.amountMinor, payment.currency),
    refundedAmount: (payment: Payment) => money(payment.refundedMinor, payment.currency),
    refunds: (payment: Payment, _args, ctx) => ctx.loaders.refundsByPayment.load(payment.id),
    fraudChecks: (payment: Payment, _args, ctx) => ctx.loaders.fraudChecksByPayment.load(payment.id),
  },
  Refund: {
    payment: (refund: Refund, _args, ctx) => ctx.loaders.payment.load(refund.paymentId),
    amount: (refund: Refund) => money(refund.amountMinor, refund.currency),
  },
  Booking: {
    __resolveReference: async (reference: { id: string }, ctx: PaymentContext): Promise<BookingRef> => {
      const booking = isUuid(reference.id) ? await ctx.loaders.booking.load(reference.id) : undefined;
      return { id: reference.id, userId: booking?.userId ?? null };
    },
    payments: (booking: BookingRef, _args, ctx) =>
      isUuid(booking.id) ? ctx.loaders.paymentsByBooking.load(booking.id) : [],
  },
};
