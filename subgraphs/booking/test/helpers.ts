import { expect } from '@jest/globals';
import {
  SUPERADMIN,
  errorCode,
  graphqlClient,
  loginAs,
  readEvents,
  testEnvironment,
  waitFor,
  type GraphQLResponse,
} from '@showstream/testkit';

export const request = graphqlClient(testEnvironment().routerUrl);

export const SEAT_MAP =
  'query($id: ID!) { seatMap(showId: $id) { version available locked booked seats { number status } } }';
export const SEAT_LOCK = 'query($id: ID!) { seatLock(id: $id) { status } }';

export async function adminToken(): Promise<string> {
  return (await loginAs(request, SUPERADMIN.email, SUPERADMIN.password)).accessToken;
}

export const expectCode = (response: GraphQLResponse, code: string, field?: string) => {
  expect(errorCode(response)).toBe(code);
  if (field) expect(response.errors![0]!.extensions!.field).toBe(field);
};

/** The seats' statuses on the public seat map. */
export async function seatStatuses(showId: string, seats: string[]): Promise<string[]> {
  const map = (await request(SEAT_MAP, { id: showId })).data!.seatMap as {
    seats: { number: string; status: string }[];
  };
  return seats.map((number) => map.seats.find((seat) => seat.number === number)!.status);
}

export async function waitForSeats(showId: string, seats: string[], status: string, timeoutMs = 20_000): Promise<void> {
  await waitFor(async () => (await seatStatuses(showId, seats)).every((seen) => seen === status), timeoutMs, 150);
}

/** Events of `type` about one booking on a topic (read from the beginning with a throwaway group). */
export function bookingEvents(
  topic: string,
  type: string,
  bookingId: string,
  options: { count?: number; timeoutMs?: number; kind?: string } = {},
) {
  return readEvents(
    topic,
    (event) => {
      const data = event.data as { bookingId?: string; kind?: string };
      return event.type === type && data.bookingId === bookingId && (!options.kind || data.kind === options.kind);
    },
    options,
  );
}
