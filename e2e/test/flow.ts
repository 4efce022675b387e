import type { graphqlClient } from '@showstream/testkit';

// Shared with other suites (a confirmed booking is where notifications start), so they live in testkit.
export { INITIATE, CONFIRM, bookAndPay } from '@showstream/testkit';

type Client = ReturnType<typeof graphqlClient>;

export const BOOKING_OUTCOME = `query($id: ID!) { booking(id: $id) {
  id status paymentStatus
  payments { id status amount { amountMinor } refunds { status amount { amountMinor } } }
} }`;

export interface BookingOutcome {
  id: string;
  status: string;
  paymentStatus: string;
  payments: {
    id: string;
    status: string;
    amount: { amountMinor: number };
    refunds: { status: string; amount: { amountMinor: number } }[];
  }[];
}

export const SEAT_MAP_CHANGED =
  'subscription($show: ID!) { seatMapChanged(showId: $show) { version seats { number status } } }';
export type SeatChange = { seatMapChanged: { version: number; seats: { number: string; status: string }[] } };

/** The seats' statuses on the seat map, in the order asked. */
export async function seatStatuses(request: Client, showId: string, seats: string[]): Promise<string[]> {
  const map = (await request('query($id: ID!) { seatMap(showId: $id) { seats { number status } } }', { id: showId }))
    .data!.seatMap.seats as { number: string; status: string }[];
  return seats.map((number) => map.find((seat) => seat.number === number)?.status ?? 'MISSING');
}
