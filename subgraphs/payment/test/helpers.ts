import { randomBytes, randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@showstream/contracts';
import { createEnvelope } from '@showstream/platform';
import {
  SUPERADMIN,
  errorCode,
  graphqlClient,
  loginAs,
  publishEvents,
  readEvents,
  testEnvironment,
  waitFor,
  testCard,
  type GraphQLResponse,
  type TestUser,
} from '@showstream/testkit';
import { DEVELOPMENT_SANDBOX_WEBHOOK_SECRET } from '../src/config.ts';
import { signWebhook } from '../src/gateways/signature.ts';

export const request = graphqlClient(testEnvironment().routerUrl);
/** Gateways reach the payment subgraph directly; the sandbox gateway listens at PORT_BASE + 8. */
export const PAYMENT_URL = `http://127.0.0.1:${testEnvironment().portBase + 5}`;
export const SANDBOX_URL = `http://127.0.0.1:${testEnvironment().portBase + 8}`;

export const PAYMENT_FIELDS = `id transactionId status gateway method amount { amountMinor currency } refundedAmount { amountMinor }
  failureCode failureReason succeededAt refunds { id status reason amount { amountMinor currency } }`;
export const INITIATE = `mutation Initiate($booking: ID!, $method: String!, $gateway: String, $key: String) {
  initiatePayment(bookingId: $booking, method: $method, gateway: $gateway, idempotencyKey: $key) { ${PAYMENT_FIELDS} } }`;
export const CONFIRM = `mutation Confirm($txn: String!, $token: String!) { confirmPayment(transactionId: $txn, paymentToken: $token) { ${PAYMENT_FIELDS} } }`;
export const PAYMENT = `query Payment($txn: String!) { payment(transactionId: $txn) { ${PAYMENT_FIELDS} } }`;
export const REFUND = `mutation Refund($id: ID!, $amount: Int, $reason: String!) { refundPayment(paymentId: $id, amountMinor: $amount, reason: $reason) { id status reason amount { amountMinor } payment { id } } }`;

export interface TestPayment {
  id: string;
  transactionId: string;
  status: string;
  gateway: string;
  amount: { amountMinor: number; currency: string };
  refundedAmount: { amountMinor: number };
  failureCode: string | null;
  failureReason: string | null;
  refunds: { id: string; status: string; reason: string; amount: { amountMinor: number } }[];
}

export async function adminToken(): Promise<string> {
  return (await loginAs(request, SUPERADMIN.email, SUPERADMIN.password)).accessToken;
}

export interface TestBookingData {
  bookingId: string;
  reference: string;
  userId: string;
  showId: string;
  lockId: string;
  finalMinor: number;
  totalMinor: number;
  currency: string;
}

/** Publishes booking's BookingCreated for `user`, as the booking service would after createBooking. */
export async function createdBooking(
  user: TestUser,
  options: { finalMinor?: number; expiresInMs?: number } = {},
): Promise<TestBookingData> {
  const finalMinor = options.finalMinor ?? 45_900;
  const bookingFeeMinor = 3_000;
  const taxesMinor = 540;
  const data = {
    bookingId: randomUUID(),
    reference: `BK${randomBytes(4).toString('hex').toUpperCase()}`,
    userId: user.id,
    showId: randomUUID(),
    lockId: randomUUID(),
    seats: [{ number: 'A1', row: 'A', seatType: 'NORMAL', priceMinor: finalMinor - bookingFeeMinor - taxesMinor }],
    totalMinor: finalMinor - bookingFeeMinor - taxesMinor,
    bookingFeeMinor,
    taxesMinor,
    finalMinor,
    currency: 'INR',
    expiresAt: new Date(Date.now() + (options.expiresInMs ?? 10 * 60_000)).toISOString(),
    showStartsAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
  };
  await publishBookingEvent('BookingCreated', data.bookingId, data);
  return data;
}

export function publishBookingEvent(type: string, bookingId: string, data: Record<string, unknown>): Promise<void> {
  return publishEvents('booking-events', [createEnvelope('booking', { type, key: bookingId, data })]);
}

/** Booking's end events, with the fields the contract gives them. */
export const bookingRef = (booking: TestBookingData) => ({
  bookingId: booking.bookingId,
  reference: booking.reference,
  userId: booking.userId,
  showId: booking.showId,
  lockId: booking.lockId,
});

/** initiatePayment, retried while the booking's BookingCreated is still on its way. */
export async function initiate(
  user: TestUser,
  bookingId: string,
  variables: { method?: string; gateway?: string; key?: string } = {},
): Promise<GraphQLResponse> {
  let response!: GraphQLResponse;
  await waitFor(
    async () => {
      response = await request(
        INITIATE,
        { booking: bookingId, method: 'CARD', ...variables },
        { token: user.accessToken },
      );
      return errorCode(response) !== 'NOT_FOUND';
    },
    20_000,
    200,
  );
  return response;
}

export async function confirm(user: TestUser, transactionId: string, token: string): Promise<GraphQLResponse> {
  return request(CONFIRM, { txn: transactionId, token }, { token: user.accessToken });
}

/** A booking of `user` paid with a fresh sandbox card: the SUCCEEDED payment. */
export async function paidBooking(
  user: TestUser,
  options: { finalMinor?: number } = {},
): Promise<{ booking: TestBookingData; payment: TestPayment }> {
  const booking = await createdBooking(user, options);
  const initiated = await initiate(user, booking.bookingId);
  if (initiated.errors) throw new Error(`initiatePayment failed: ${JSON.stringify(initiated.errors)}`);
  const confirmed = await confirm(user, initiated.data!.initiatePayment.transactionId, testCard('success'));
  if (confirmed.errors) throw new Error(`confirmPayment failed: ${JSON.stringify(confirmed.errors)}`);
  return { booking, payment: confirmed.data!.confirmPayment };
}

export async function getPayment(token: string, transactionId: string): Promise<TestPayment> {
  const response = await request(PAYMENT, { txn: transactionId }, { token });
  if (response.errors) throw new Error(`payment failed: ${JSON.stringify(response.errors)}`);
  return response.data!.payment;
}

/** Polls the payment until `check` holds; returns it. */
export async function waitForPayment(
  token: string,
  transactionId: string,
  check: (payment: TestPayment) => boolean,
  timeoutMs = 15_000,
): Promise<TestPayment> {
  let payment!: TestPayment;
  await waitFor(async () => check((payment = await getPayment(token, transactionId))), timeoutMs, 150);
  return payment;
}

/** Reads payment-events until `count` match; a test expecting fewer than `count` (nothing more was published) waits `timeoutMs`. */
export const paymentEvents = (predicate: (event: EventEnvelope<any>) => boolean, count = 1, timeoutMs = 15_000) =>
  readEvents('payment-events', predicate, { count, timeoutMs }) as Promise<EventEnvelope<Record<string, any>>[]>;

/** POSTs a webhook to the payment subgraph as a gateway would, signed with the sandbox's secret unless told otherwise. */
export async function postWebhook(
  gateway: string,
  event: Record<string, unknown>,
  options: { signature?: string; timestamp?: number } = {},
): Promise<Response> {
  const body = JSON.stringify(event);
  const signature = options.signature ?? signWebhook(DEVELOPMENT_SANDBOX_WEBHOOK_SECRET, body, options.timestamp);
  return fetch(`${PAYMENT_URL}/webhooks/payments/${gateway}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [gateway === 'stripe' ? 'stripe-signature' : 'sandbox-signature']: signature,
    },
    body,
  });
}

/** Charges the sandbox directly, as if a confirm call's answer had been lost: the sandbox then reports it by webhook. */
export async function chargeAtSandbox(
  payment: TestPayment,
  booking: TestBookingData,
  token = testCard('success'),
): Promise<{ id: string; status: string }> {
  const response = await fetch(`${SANDBOX_URL}/v1/charges`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': payment.transactionId },
    body: JSON.stringify({
      amountMinor: payment.amount.amountMinor,
      currency: payment.amount.currency,
      token,
      metadata: { transactionId: payment.transactionId, bookingId: booking.bookingId, userId: booking.userId },
    }),
  });
  return (await response.json()) as { id: string; status: string };
}

export async function sandboxCharges(transactionId: string): Promise<unknown[]> {
  const response = await fetch(`${SANDBOX_URL}/v1/charges?transactionId=${transactionId}`);
  return ((await response.json()) as { data: unknown[] }).data;
}
