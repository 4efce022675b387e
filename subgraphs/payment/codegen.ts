import type { ResolverTypesConfig } from '../../schema/resolver-types.ts';

/** Resolver types: `npm run compose` writes them to src/generated/resolvers.ts. */
export default {
  contextType: '../context.ts#PaymentContext',
  mappers: {
    Payment: '../payments/payment.entity.ts#Payment',
    Refund: '../refunds/refund.entity.ts#Refund',
    Booking: '../permissions.ts#BookingRef',
    FraudCheck: '../fraud/fraud-check.entity.ts#FraudCheck',
  },
} satisfies ResolverTypesConfig;
