import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@showstream/contracts';
import { createEnvelope } from '@showstream/platform';
import { createEvent, createVenueWithScreen, scheduleShow } from './catalog.ts';
import type { graphqlClient } from './graphql-client.ts';
import { waitFor } from './stack.ts';

type Client = ReturnType<typeof graphqlClient>;

export const BOOKING_FIELDS = `id reference status paymentStatus expiresAt createdAt confirmedAt cancelledAt
  user { id } show { id }
  seats { number row seatType price { amountMinor currency } }
  totalAmount { amountMinor currency } bookingFee { amountMinor } taxes { amountMinor } finalAmount { amountMinor currency }
  refundAmount { amountMinor }
  history { fromStatus status notes changedAt }`;

export const BOOKING = `query Booking($id: ID!) { booking(id: $id) { ${BOOKING_FIELDS} } }`;
export const CREATE_BOOKING = `mutation CreateBooking($lockId: ID!) { createBooking(lockId: $lockId) { ${BOOKING_FIELDS} } }`;
export const CANCEL_BOOKING = `mutation CancelBooking($id: ID!, $reason: String) { cancelBooking(id: $id, reason: $reason) { ${BOOKING_FIELDS} } }`;

/** A booking as BOOKING_FIELDS selects it. */
export interface TestBooking {
  id: string;
  reference: string;
  status: string;
  paymentStatus: string;
  user: { id: string };
  show: { id: string };
  seats: { number: string; price: { amountMinor: number; currency: string } }[];
  totalAmount: { amountMinor: number; currency: string };
  bookingFee: { amountMinor: number };
  taxes: { amountMinor: number };
  finalAmount: { amountMinor: number; currency: string };
  refundAmount: { amountMinor: number } | null;
  history: { fromStatus: string | null; status: string; notes: string | null }[];
  [field: string]: unknown;
}

/** A show `hoursAhead` from now on its own small screen (18 seats, A1–C6), once inventory has its seats. */
export async function showWithSeats(
  request: Client,
  adminToken: string,
  hoursAhead = 48,
  label = 'Booking Hall',
): Promise<string> {
  const { screenId } = await createVenueWithScreen(request, adminToken, label);
  const eventId = await createEvent(request, adminToken, { durationMinutes: 60 });
  const showId = await scheduleShow(request, adminToken, eventId, screenId, hoursAhead);
  await waitFor(
    async () => !(await request('query($id: ID!) { seatMap(showId: $id) { version } }', { id: showId })).errors,
    20_000,
    100,
  );
  return showId;
}

/** Holds seats and returns the hold's id. */
export async function holdSeats(
  request: Client,
  token: string,
  showId: string,
  seatNumbers: string[],
): Promise<string> {
  const response = await request(
    'mutation($show: ID!, $seats: [String!]!) { lockSeats(showId: $show, seatNumbers: $seats) { id } }',
    { show: showId, seats: seatNumbers },
    { token },
  );
  if (response.errors) throw new Error(`lockSeats failed: ${JSON.stringify(response.errors)}`);
  return response.data!.lockSeats.id;
}

/** Holds the seats and books them: a PENDING booking. */
export async function holdAndBook(
  request: Client,
  token: string,
  showId: string,
  seatNumbers: string[],
): Promise<TestBooking> {
  const lockId = await holdSeats(request, token, showId, seatNumbers);
  const response = await request(CREATE_BOOKING, { lockId }, { token });
  if (response.errors) throw new Error(`createBooking failed: ${JSON.stringify(response.errors)}`);
  return response.data!.createBooking as TestBooking;
}

export async function getBooking(request: Client, token: string, id: string): Promise<TestBooking> {
  const response = await request(BOOKING, { id }, { token });
  if (response.errors || !response.data?.booking) throw new Error(`booking ${id}: ${JSON.stringify(response.errors)}`);
  return response.data.booking as TestBooking;
}

/** Polls until the booking has `status` (and, when given, `paymentStatus`); returns it. */
export async function waitForBooking(
  request: Client,
  token: string,
  id: string,
  status: string,
  timeoutMs = 20_000,
): Promise<TestBooking> {
  let booking: TestBooking | undefined;
  await waitFor(async () => (booking = await getBooking(request, token, id)).status === status, timeoutMs, 150).catch(
    (error: Error) => {
      throw new Error(`${error.message}: booking ${id} is ${booking?.status}, expected ${status}`);
    },
  );
  return booking!;
}

/** Waits until inventory has taken the booking's hold (the hold shows CONSUMED), so the booking can be confirmed. */
export async function waitForHoldConsumed(
  request: Client,
  token: string,
  lockId: string,
  timeoutMs = 20_000,
): Promise<void> {
  await waitFor(
    async () =>
      (await request('query($id: ID!) { seatLock(id: $id) { status } }', { id: lockId }, { token })).data?.seatLock
        ?.status === 'CONSUMED',
    timeoutMs,
    150,
  );
}

/** Payment's events for a booking, as the payment service publishes them on `payment-events`. */
export function paymentSucceeded(
  booking: Pick<TestBooking, 'id' | 'user' | 'finalAmount'>,
  overrides: Record<string, unknown> = {},
): EventEnvelope {
  return createEnvelope('payment', {
    type: 'PaymentSucceeded',
    key: booking.id,
    data: {
      paymentId: randomUUID(),
      transactionId: `txn_${randomUUID().slice(0, 12)}`,
      bookingId: booking.id,
      userId: booking.user.id,
      amountMinor: booking.finalAmount.amountMinor,
      currency: booking.finalAmount.currency,
      gateway: 'sandbox',
      succeededAt: new Date().toISOString(),
      ...overrides,
    },
  });
}

export function paymentFailed(booking: Pick<TestBooking, 'id' | 'user'>, code = 'DECLINED'): EventEnvelope {
  return createEnvelope('payment', {
    type: 'PaymentFailed',
    key: booking.id,
    data: {
      paymentId: randomUUID(),
      transactionId: `txn_${randomUUID().slice(0, 12)}`,
      bookingId: booking.id,
      userId: booking.user.id,
      code,
      reason: 'Card declined by the issuer.',
    },
  });
}
