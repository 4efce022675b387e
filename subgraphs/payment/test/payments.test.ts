import { describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import { errorCode, registerUser, testCard, waitFor, type GraphQLResponse } from '@showstream/testkit';
import {
  adminToken,
  bookingRef,
  confirm,
  createdBooking,
  getPayment,
  initiate,
  paymentEvents,
  publishBookingEvent,
  request,
  sandboxCharges,
  type TestPayment,
} from './helpers.ts';

describe('initiatePayment', () => {
  it('charges what the booking costs, not what the client says, and announces it', async () => {
    const user = await registerUser(request, 'payer');
    const booking = await createdBooking(user, { finalMinor: 61_360 });
    const tampered = await request(
      'mutation($b: ID!) { initiatePayment(bookingId: $b, method: "CARD", amount: 1) { id } }',
      { b: booking.bookingId },
      { token: user.accessToken },
    );
    expect(errorCode(tampered)).toBe('GRAPHQL_VALIDATION_FAILED');

    const response = await initiate(user, booking.bookingId, { method: 'card' });
    expect(response.errors).toBeUndefined();
    const payment = response.data!.initiatePayment as TestPayment;
    expect(payment).toMatchObject({
      status: 'INITIATED',
      gateway: 'sandbox',
      method: 'CARD',
      amount: { amountMinor: 61_360, currency: 'INR' },
      refunds: [],
    });
    expect(payment.transactionId).toMatch(/^txn_/);
    const [event] = await paymentEvents(
      (event) => event.type === 'PaymentInitiated' && event.data.paymentId === payment.id,
    );
    expect(event).toMatchObject({
      key: booking.bookingId,
      data: {
        transactionId: payment.transactionId,
        bookingId: booking.bookingId,
        userId: user.id,
        amountMinor: 61_360,
        currency: 'INR',
        gateway: 'sandbox',
        method: 'CARD',
      },
    });
  });

  it('returns the same payment for a retried request, and refuses a key reused for another request', async () => {
    const user = await registerUser(request, 'retrier');
    const booking = await createdBooking(user);
    const first = await initiate(user, booking.bookingId);
    const again = await initiate(user, booking.bookingId);
    expect(again.data!.initiatePayment.id).toBe(first.data!.initiatePayment.id);

    const key = `client-${randomUUID()}`;
    const keyed = await initiate(user, booking.bookingId, { method: 'UPI', key });
    expect(keyed.data!.initiatePayment.id).not.toBe(first.data!.initiatePayment.id);
    expect((await initiate(user, booking.bookingId, { method: 'UPI', key })).data!.initiatePayment.id).toBe(
      keyed.data!.initiatePayment.id,
    );
    const reused = await initiate(user, booking.bookingId, { method: 'WALLET', key });
    expect(errorCode(reused)).toBe('CONFLICT');
  });

  it('refuses someone else’s booking, an unknown booking, bad input, and a booking that no longer awaits payment', async () => {
    const owner = await registerUser(request, 'owner');
    const other = await registerUser(request, 'other');
    const booking = await createdBooking(owner);
    await initiate(owner, booking.bookingId);
    expect(errorCode(await initiate(other, booking.bookingId))).toBe('FORBIDDEN');
    expect(
      errorCode(
        await request(
          'mutation($b: ID!) { initiatePayment(bookingId: $b, method: "CARD") { id } }',
          { b: randomUUID() },
          { token: owner.accessToken },
        ),
      ),
    ).toBe('NOT_FOUND');
    const badMethod = await initiate(owner, booking.bookingId, { method: 'BITCOIN' });
    expect(badMethod.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'method' });
    const badGateway = await initiate(owner, booking.bookingId, { gateway: 'paypal' });
    expect(badGateway.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'gateway' });
    expect(
      errorCode(
        await request('mutation($b: ID!) { initiatePayment(bookingId: $b, method: "CARD") { id } }', {
          b: booking.bookingId,
        }),
      ),
    ).toBe('UNAUTHENTICATED');

    const expiring = await createdBooking(owner);
    const pending = (await initiate(owner, expiring.bookingId)).data!.initiatePayment as TestPayment;
    await publishBookingEvent('BookingExpired', expiring.bookingId, {
      ...bookingRef(expiring),
      reason: 'PAYMENT_WINDOW_ELAPSED',
    });
    let late!: GraphQLResponse;
    // Each probe is a new request (its own idempotency key); a repeated one would be answered from the first.
    await waitFor(
      async () =>
        errorCode(
          (late = await initiate(owner, expiring.bookingId, { method: 'UPI', key: `probe-${randomUUID()}` })),
        ) === 'CONFLICT',
      20_000,
      200,
    );
    expect(late.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', field: 'bookingId' });
    const lateConfirm = await confirm(owner, pending.transactionId, testCard('success'));
    expect(lateConfirm.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', field: 'transactionId' });
  });
});

describe('confirmPayment', () => {
  it('charges once for a successful card, however often it is confirmed, and announces PaymentSucceeded', async () => {
    const user = await registerUser(request, 'success');
    const booking = await createdBooking(user);
    const payment = (await initiate(user, booking.bookingId)).data!.initiatePayment as TestPayment;
    const token = testCard('success');
    const first = await confirm(user, payment.transactionId, token);
    expect(first.errors).toBeUndefined();
    expect(first.data!.confirmPayment).toMatchObject({ status: 'SUCCEEDED', failureCode: null });
    const second = await confirm(user, payment.transactionId, token);
    expect(second.data!.confirmPayment).toEqual(first.data!.confirmPayment);
    expect(await sandboxCharges(payment.transactionId)).toHaveLength(1);

    const [event] = await paymentEvents(
      (event) => event.type === 'PaymentSucceeded' && event.data.paymentId === payment.id,
    );
    expect(event!.data).toMatchObject({
      transactionId: payment.transactionId,
      bookingId: booking.bookingId,
      userId: user.id,
      amountMinor: 45_900,
      currency: 'INR',
      gateway: 'sandbox',
    });
    expect(Date.parse(event!.data.succeededAt)).not.toBeNaN();
    // Already paid: no second payment for the booking.
    expect(errorCode(await initiate(user, booking.bookingId, { method: 'UPI' }))).toBe('CONFLICT');

    const stranger = await registerUser(request, 'stranger');
    expect(errorCode(await confirm(stranger, payment.transactionId, token))).toBe('FORBIDDEN');
    expect(
      errorCode(
        await request(
          'query($t: String!) { payment(transactionId: $t) { id } }',
          { t: payment.transactionId },
          { token: stranger.accessToken },
        ),
      ),
    ).toBe('FORBIDDEN');
    expect((await getPayment(await adminToken(), payment.transactionId)).status).toBe('SUCCEEDED');
  });

  it('fails a declined card with PaymentFailed DECLINED', async () => {
    const user = await registerUser(request, 'declined');
    const booking = await createdBooking(user);
    const payment = (await initiate(user, booking.bookingId)).data!.initiatePayment as TestPayment;
    const response = await confirm(user, payment.transactionId, testCard('declined'));
    expect(response.data!.confirmPayment).toMatchObject({
      status: 'FAILED',
      failureCode: 'DECLINED',
      failureReason: 'The card was declined.',
    });
    const [event] = await paymentEvents(
      (event) => event.type === 'PaymentFailed' && event.data.paymentId === payment.id,
    );
    expect(event!.data).toMatchObject({ code: 'DECLINED', bookingId: booking.bookingId, userId: user.id });
    // Final: confirming again changes nothing and charges nothing more.
    expect((await confirm(user, payment.transactionId, testCard('success'))).data!.confirmPayment.status).toBe(
      'FAILED',
    );
    expect(await sandboxCharges(payment.transactionId)).toHaveLength(1);
  });

  it('blocks a high-risk card before charging it, with the reason recorded', async () => {
    const user = await registerUser(request, 'fraudster');
    const booking = await createdBooking(user);
    const payment = (await initiate(user, booking.bookingId)).data!.initiatePayment as TestPayment;
    const response = await confirm(user, payment.transactionId, testCard('fraud'));
    expect(response.data!.confirmPayment).toMatchObject({ status: 'FAILED', failureCode: 'FRAUD_BLOCKED' });
    expect(response.data!.confirmPayment.failureReason).toContain('GATEWAY_HIGH_RISK');
    expect(await sandboxCharges(payment.transactionId)).toHaveLength(0);
    const [event] = await paymentEvents(
      (event) => event.type === 'PaymentFailed' && event.data.paymentId === payment.id,
    );
    expect(event!.data.code).toBe('FRAUD_BLOCKED');

    const FRAUD = 'query($t: String!) { payment(transactionId: $t) { fraudChecks { decision reasons riskLevel } } }';
    expect(errorCode(await request(FRAUD, { t: payment.transactionId }, { token: user.accessToken }))).toBe(
      'FORBIDDEN',
    );
    const admin = await request(FRAUD, { t: payment.transactionId }, { token: await adminToken() });
    expect(admin.data!.payment.fraudChecks).toEqual([
      { decision: 'BLOCK', reasons: ['GATEWAY_HIGH_RISK'], riskLevel: 'highest' },
    ]);
  });

  it('blocks a user who tries too many payments in a short time (velocity)', async () => {
    const user = await registerUser(request, 'velocity');
    const bookings = await Promise.all(Array.from({ length: 6 }, () => createdBooking(user, { finalMinor: 10_000 })));
    const outcomes: TestPayment[] = [];
    for (const booking of bookings) {
      const payment = (await initiate(user, booking.bookingId)).data!.initiatePayment as TestPayment;
      outcomes.push((await confirm(user, payment.transactionId, testCard('success'))).data!.confirmPayment);
    }
    expect(outcomes.slice(0, 5).map((payment) => payment.status)).toEqual(Array(5).fill('SUCCEEDED'));
    expect(outcomes[5]).toMatchObject({ status: 'FAILED', failureCode: 'FRAUD_BLOCKED' });
    expect(outcomes[5]!.failureReason).toContain('USER_VELOCITY');
  });

  it('links buyers by the card the gateway reports: a bare tok_success is a new card each time, a suffixed one the same card (CARD_VELOCITY)', async () => {
    const buyers = await Promise.all(Array.from({ length: 4 }, (_, index) => registerUser(request, `card-${index}`)));
    const pay = async (user: (typeof buyers)[number], token: string): Promise<TestPayment> => {
      const booking = await createdBooking(user, { finalMinor: 10_000 });
      const payment = (await initiate(user, booking.bookingId)).data!.initiatePayment as TestPayment;
      return (await confirm(user, payment.transactionId, token)).data!.confirmPayment;
    };
    // Four buyers typing the success card are four cards: all paid.
    for (const buyer of buyers)
      expect(await pay(buyer, 'tok_success')).toMatchObject({ status: 'SUCCEEDED', failureCode: null });
    // One suffixed card used by the same four: by the fourth, it has paid for three other users.
    const shared = `tok_success_${randomBytes(6).toString('hex')}`;
    const outcomes: TestPayment[] = [];
    for (const buyer of buyers) outcomes.push(await pay(buyer, shared));
    expect(outcomes.slice(0, 3).map((payment) => payment.status)).toEqual(Array(3).fill('SUCCEEDED'));
    expect(outcomes[3]).toMatchObject({ status: 'FAILED', failureCode: 'FRAUD_BLOCKED' });
    expect(outcomes[3]!.failureReason).toContain('CARD_VELOCITY');
  });

  it('validates the token and refuses unknown payments', async () => {
    const user = await registerUser(request, 'validator');
    const booking = await createdBooking(user);
    const payment = (await initiate(user, booking.bookingId)).data!.initiatePayment as TestPayment;
    expect((await confirm(user, payment.transactionId, 'tok success; drop')).errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'paymentToken',
    });
    expect(errorCode(await confirm(user, 'txn_missing', testCard('success')))).toBe('NOT_FOUND');
  });
});
