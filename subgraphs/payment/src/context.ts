import type DataLoader from 'dataloader';
import { groupedLoader, keyedLoader, type BaseContext, type EntityManager } from '@showstream/platform';
import { BookingProjectionSchema, type BookingProjection } from './bookings/booking-projection.entity.ts';
import { FraudCheckSchema, type FraudCheck } from './fraud/fraud-check.entity.ts';
import { PaymentSchema, type Payment } from './payments/payment.entity.ts';
import type { PaymentService } from './payments/payment.service.ts';
import { RefundSchema, type Refund } from './refunds/refund.entity.ts';

export interface PaymentLoaders {
  payment: DataLoader<string, Payment | null>;
  paymentsByBooking: DataLoader<string, Payment[]>;
  refundsByPayment: DataLoader<string, Refund[]>;
  fraudChecksByPayment: DataLoader<string, FraudCheck[]>;
  booking: DataLoader<string, BookingProjection | null>;
}

export interface PaymentContext extends BaseContext {
  em: EntityManager;
  payments: PaymentService;
  gatewayNames: string[];
  loaders: PaymentLoaders;
}

export function createLoaders(em: EntityManager): PaymentLoaders {
  return {
    payment: keyedLoader(
      (ids) => em.find(PaymentSchema, { id: { $in: [...ids] } }),
      (row) => row.id,
    ),
    paymentsByBooking: groupedLoader(
      (ids) => em.find(PaymentSchema, { bookingId: { $in: [...ids] } }, { orderBy: { createdAt: 'asc' } }),
      (row) => row.bookingId,
    ),
    refundsByPayment: groupedLoader(
      (ids) => em.find(RefundSchema, { paymentId: { $in: [...ids] } }, { orderBy: { createdAt: 'asc' } }),
      (row) => row.paymentId,
    ),
    fraudChecksByPayment: groupedLoader(
      (ids) => em.find(FraudCheckSchema, { paymentId: { $in: [...ids] } }, { orderBy: { createdAt: 'asc' } }),
      (row) => row.paymentId,
    ),
    booking: keyedLoader(
      (ids) => em.find(BookingProjectionSchema, { bookingId: { $in: [...ids] } }),
      (row) => row.bookingId,
    ),
  };
}
