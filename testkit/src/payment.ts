import { randomBytes } from 'node:crypto';
import { CREATE_BOOKING, holdSeats, type TestBooking } from './booking.ts';
import type { graphqlClient } from './graphql-client.ts';

type Client = ReturnType<typeof graphqlClient>;

/**
 * A sandbox test card of the given kind with a fingerprint of its own (`tok_success_3fa9…`), so
 * per-card fraud velocity rules do not see every test's payments as one card.
 */
export const testCard = (kind: 'success' | 'declined' | 'fraud') => `tok_${kind}_${randomBytes(6).toString('hex')}`;

export const INITIATE =
  'mutation($booking: ID!) { initiatePayment(bookingId: $booking, method: "card") { id transactionId status amount { amountMinor currency } } }';
export const CONFIRM =
  'mutation($txn: String!, $token: String!) { confirmPayment(transactionId: $txn, paymentToken: $token) { id status } }';

/** Holds, books, initiates and confirms a payment with `cardToken`, as a front end does. */
export async function bookAndPay(request: Client, token: string, showId: string, seats: string[], cardToken: string) {
  const lockId = await holdSeats(request, token, showId, seats);
  const created = await request(CREATE_BOOKING, { lockId }, { token });
  if (created.errors) throw new Error(`createBooking: ${JSON.stringify(created.errors)}`);
  const booking = created.data!.createBooking as TestBooking;
  const initiated = await request(INITIATE, { booking: booking.id }, { token });
  if (initiated.errors) throw new Error(`initiatePayment: ${JSON.stringify(initiated.errors)}`);
  const confirmed = await request(
    CONFIRM,
    { txn: initiated.data!.initiatePayment.transactionId, token: cardToken },
    { token },
  );
  if (confirmed.errors) throw new Error(`confirmPayment: ${JSON.stringify(confirmed.errors)}`);
  return { lockId, booking, payment: confirmed.data!.confirmPayment as { id: string; status: string } };
}
