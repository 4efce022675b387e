import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { errorCode, registerUser, testCard, waitFor } from '@showstream/testkit';
import {
  REFUND,
  adminToken,
  bookingRef,
  chargeAtSandbox,
  confirm,
  createdBooking,
  getPayment,
  initiate,
  paidBooking,
  paymentEvents,
  publishBookingEvent,
  request,
  waitForPayment,
  type TestPayment,
} from './helpers.ts';

describe('automatic refunds', () => {
  it('refunds in full a payment that succeeds after its booking expired', async () => {
    const user = await registerUser(request, 'late');
    const booking = await createdBooking(user, { finalMinor: 52_000 });
    const payment = (await initiate(user, booking.bookingId)).data!.initiatePayment as TestPayment;
    await publishBookingEvent('BookingExpired', booking.bookingId, {
      ...bookingRef(booking),
      reason: 'PAYMENT_WINDOW_ELAPSED',
    });
    // The projection has seen the expiry once a new payment is refused (probing with confirm would charge while it has not).
    // Each probe is a new request (its own idempotency key); a repeated one would be answered from the first.
    await waitFor(
      async () =>
        errorCode(await initiate(user, booking.bookingId, { method: 'UPI', key: `probe-${randomUUID()}` })) ===
        'CONFLICT',
      20_000,
      200,
    );
    expect(errorCode(await confirm(user, payment.transactionId, testCard('success')))).toBe('CONFLICT');

    // The gateway took the money anyway (the customer's confirm reached it before the booking ended, its answer was lost); it reports by webhook.
    expect((await chargeAtSandbox(payment, booking)).status).toBe('succeeded');
    const refunded = await waitForPayment(
      user.accessToken,
      payment.transactionId,
      (current) => current.status === 'REFUNDED',
    );
    expect(refunded).toMatchObject({
      refundedAmount: { amountMinor: 52_000 },
      refunds: [{ status: 'SUCCEEDED', reason: 'LATE_PAYMENT', amount: { amountMinor: 52_000 } }],
    });
    const [event] = await paymentEvents(
      (event) => event.type === 'RefundSucceeded' && event.data.paymentId === payment.id,
    );
    expect(event!.data).toMatchObject({
      bookingId: booking.bookingId,
      userId: user.id,
      amountMinor: 52_000,
      currency: 'INR',
      reason: 'LATE_PAYMENT',
      fullyRefunded: true,
    });
  });

  it('refunds in full a succeeded payment when its booking expires afterwards, once', async () => {
    const user = await registerUser(request, 'expired-after');
    const { booking, payment } = await paidBooking(user);
    const expired = { ...bookingRef(booking), reason: 'HOLD_UNAVAILABLE' };
    await publishBookingEvent('BookingExpired', booking.bookingId, expired);
    await publishBookingEvent('BookingFailed', booking.bookingId, expired);
    const refunded = await waitForPayment(
      user.accessToken,
      payment.transactionId,
      (current) => current.status === 'REFUNDED',
    );
    expect(refunded.refunds).toEqual([
      expect.objectContaining({
        status: 'SUCCEEDED',
        reason: 'BOOKING_EXPIRED',
        amount: { amountMinor: 45_900, currency: 'INR' },
      }),
    ]);
  });

  it('refunds what booking decided when a confirmed booking is cancelled: PARTIALLY_REFUNDED', async () => {
    const user = await registerUser(request, 'canceller');
    const { booking, payment } = await paidBooking(user);
    await publishBookingEvent('BookingConfirmed', booking.bookingId, {
      ...bookingRef(booking),
      seats: [],
      finalMinor: booking.finalMinor,
      currency: 'INR',
      paymentId: payment.id,
    });
    const cancelled = {
      ...bookingRef(booking),
      wasConfirmed: true,
      refundMinor: 21_180,
      reason: 'Plans changed',
      byShowCancellation: false,
    };
    await publishBookingEvent('BookingCancelled', booking.bookingId, cancelled);
    const refunded = await waitForPayment(
      user.accessToken,
      payment.transactionId,
      (current) => current.refunds[0]?.status === 'SUCCEEDED',
    );
    expect(refunded).toMatchObject({
      status: 'PARTIALLY_REFUNDED',
      refundedAmount: { amountMinor: 21_180 },
      refunds: [{ reason: 'BOOKING_CANCELLED', amount: { amountMinor: 21_180 } }],
    });
    const [event] = await paymentEvents(
      (event) => event.type === 'RefundSucceeded' && event.data.paymentId === payment.id,
    );
    expect(event!.data).toMatchObject({ amountMinor: 21_180, fullyRefunded: false });
  });

  it('keeps the first of two payments for one booking and refunds the second', async () => {
    const user = await registerUser(request, 'double');
    const booking = await createdBooking(user);
    const byCard = (await initiate(user, booking.bookingId, { method: 'CARD' })).data!.initiatePayment as TestPayment;
    const byUpi = (await initiate(user, booking.bookingId, { method: 'UPI' })).data!.initiatePayment as TestPayment;
    expect((await confirm(user, byCard.transactionId, testCard('success'))).data!.confirmPayment.status).toBe(
      'SUCCEEDED',
    );
    expect((await confirm(user, byUpi.transactionId, testCard('success'))).data!.confirmPayment.status).toBe(
      'SUCCEEDED',
    );
    const duplicate = await waitForPayment(
      user.accessToken,
      byUpi.transactionId,
      (current) => current.status === 'REFUNDED',
    );
    expect(duplicate.refunds[0]!.reason).toBe('DUPLICATE_PAYMENT');
    expect((await getPayment(user.accessToken, byCard.transactionId)).status).toBe('SUCCEEDED');
    const announced = await paymentEvents(
      (event) => event.type === 'PaymentSucceeded' && event.data.bookingId === booking.bookingId,
      2,
      4_000,
    );
    expect(announced.map((event) => event.data.paymentId)).toEqual([byCard.id]);
  });
});

describe('refundPayment', () => {
  it('is for admins, refunds at most what is left, and ends REFUNDED', async () => {
    const user = await registerUser(request, 'refundee');
    const { payment } = await paidBooking(user, { finalMinor: 30_000 });
    const admin = await adminToken();

    expect(
      errorCode(
        await request(REFUND, { id: payment.id, amount: 100, reason: 'Goodwill' }, { token: user.accessToken }),
      ),
    ).toBe('FORBIDDEN');
    const tooMuch = await request(REFUND, { id: payment.id, amount: 30_001, reason: 'Goodwill' }, { token: admin });
    expect(tooMuch.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'amountMinor' });

    const partial = await request(REFUND, { id: payment.id, amount: 10_000, reason: 'Goodwill' }, { token: admin });
    expect(partial.errors).toBeUndefined();
    expect(partial.data!.refundPayment).toMatchObject({
      status: 'PENDING',
      reason: 'Goodwill',
      amount: { amountMinor: 10_000 },
      payment: { id: payment.id },
    });
    // 20 000 left, whether or not the first refund has been sent yet.
    const over = await request(REFUND, { id: payment.id, amount: 25_000, reason: 'More goodwill' }, { token: admin });
    expect(over.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'amountMinor' });
    const rest = await request(REFUND, { id: payment.id, reason: 'Refund the rest' }, { token: admin });
    expect(rest.data!.refundPayment.amount.amountMinor).toBe(20_000);

    const refunded = await waitForPayment(
      user.accessToken,
      payment.transactionId,
      (current) => current.status === 'REFUNDED',
    );
    expect(refunded.refundedAmount.amountMinor).toBe(30_000);
    expect(refunded.refunds.map((refund) => refund.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    const nothingLeft = await request(REFUND, { id: payment.id, reason: 'Again' }, { token: admin });
    expect(errorCode(nothingLeft)).toBe('BAD_USER_INPUT');
  });

  it('refuses to refund a payment that did not succeed', async () => {
    const user = await registerUser(request, 'unpaid');
    const booking = await createdBooking(user);
    const payment = (await initiate(user, booking.bookingId)).data!.initiatePayment as TestPayment;
    const response = await request(REFUND, { id: payment.id, reason: 'Goodwill' }, { token: await adminToken() });
    expect(response.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'paymentId' });
  });
});
