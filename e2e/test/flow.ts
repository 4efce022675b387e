import { holdSeats, type TestBooking, CREATE_BOOKING, type graphqlClient } from '@showstream/testkit';

type Client = ReturnType<typeof graphqlClient>;

export const INITIATE = 'mutation($booking: ID!) { initiatePayment(bookingId: $booking, method: "card") { id transactionId status amount { amountMinor currency } } }';
export const CONFIRM = 'mutation($txn: String!, $token: String!) { confirmPayment(transactionId: $txn, paymentToken: $token) { id status } }';
export const BOOKING_OUTCOME = `query($id: ID!) { booking(id: $id) {
  id status paymentStatus
  payments { id status amount { amountMinor } refunds { status amount { amountMinor } } }
} }`;

export interface BookingOutcome {
  id: string;
  status: string;
  paymentStatus: string;
  payments: { id: string; status: string; amount: { amountMinor: number }; refunds: { status: string; amount: { amountMinor: number } }[] }[];
}

/** Holds, books, initiates and confirms a payment with `cardToken`, as a front end does. */
export async function bookAndPay(request: Client, token: string, showId: string, seats: string[], cardToken: string) {
  const lockId = await holdSeats(request, token, showId, seats);
  const created = await request(CREATE_BOOKING, { lockId }, { token });
  if (created.errors) throw new Error(`createBooking: ${JSON.stringify(created.errors)}`);
  const booking = created.data!.createBooking as TestBooking;
  const initiated = await request(INITIATE, { booking: booking.id }, { token });
  if (initiated.errors) throw new Error(`initiatePayment: ${JSON.stringify(initiated.errors)}`);
  const confirmed = await request(CONFIRM, { txn: initiated.data!.initiatePayment.transactionId, token: cardToken }, { token });
  if (confirmed.errors) throw new Error(`confirmPayment: ${JSON.stringify(confirmed.errors)}`);
  return { lockId, booking, payment: confirmed.data!.confirmPayment as { id: string; status: string } };
}

/** The seats' statuses on the seat map, in the order asked. */
export async function seatStatuses(request: Client, showId: string, seats: string[]): Promise<string[]> {
  const map = (await request('query($id: ID!) { seatMap(showId: $id) { seats { number status } } }', { id: showId })).data!.seatMap.seats as { number: string; status: string }[];
  return seats.map((number) => map.find((seat) => seat.number === number)?.status ?? 'MISSING');
}
