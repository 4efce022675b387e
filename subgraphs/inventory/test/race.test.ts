import { beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import {
  TEST_DB_PREFIX,
  errorCode,
  testEnvironment,
  waitFor,
  type GraphQLResponse,
  type TestUser,
} from '@showstream/testkit';
import { LOCK, SEAT_MAP, adminToken, freshShow, registerUsers, request } from './helpers.ts';

const CLIENTS = 200;
const SEATS = ['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'B1', 'B2', 'B3', 'B4', 'B5', 'B6'];
let admin: string;
let users: TestUser[];

beforeAll(async () => {
  admin = await adminToken();
  users = await registerUsers(CLIENTS, 'racer');
}, 120_000);

/** Client i asks for two or three neighbouring seats, so every request overlaps others. */
const requestFor = (i: number) => SEATS.slice(i % (SEATS.length - 2), (i % (SEATS.length - 2)) + 2 + (i % 2));

async function activeHolds(showId: string): Promise<{ user_id: string; seat_numbers: string[] }[]> {
  const url = new URL(testEnvironment().postgresUrl);
  url.pathname = `/${TEST_DB_PREFIX}inventory`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return (
      await client.query("select user_id, seat_numbers from seat_locks where show_id = $1 and status = 'ACTIVE'", [
        showId,
      ])
    ).rows;
  } finally {
    await client.end();
  }
}

/** Fires every client's lockSeats at once through the router and checks the outcome is a valid partition of the seats. */
async function race(showId: string): Promise<{ winners: { user: TestUser; seats: string[] }[] }> {
  const responses: GraphQLResponse[] = await Promise.all(
    users.map((user, i) => request(LOCK, { show: showId, seats: requestFor(i) }, { token: user.accessToken })),
  );
  const winners = responses.flatMap((response, i) =>
    response.errors ? [] : [{ user: users[i]!, seats: requestFor(i) }],
  );
  const losers = responses.filter((response) => response.errors);
  // Every loser was told the seats were taken, nothing else.
  expect(losers.map(errorCode).filter((code) => code !== 'CONFLICT')).toEqual([]);
  expect(winners.length).toBeGreaterThan(0);
  // No seat has two winners.
  const won = winners.flatMap((winner) => winner.seats);
  expect(new Set(won).size).toBe(won.length);
  // The seat map and the database agree with the winners, seat for seat.
  const map = (await request(SEAT_MAP, { id: showId })).data!.seatMap;
  const locked = map.seats
    .filter((seat: { status: string }) => seat.status === 'LOCKED')
    .map((seat: { number: string }) => seat.number)
    .sort();
  expect(locked).toEqual([...won].sort());
  const holds = await activeHolds(showId);
  expect(holds.map((hold) => hold.user_id).sort()).toEqual(winners.map((winner) => winner.user.id).sort());
  expect(holds.flatMap((hold) => hold.seat_numbers).sort()).toEqual([...won].sort());
  return { winners };
}

describe('no seat is held by two callers at once', () => {
  it(`races ${CLIENTS} concurrent lockSeats for overlapping seats: each seat one winner, every loser CONFLICT`, async () => {
    const showId = await freshShow(admin);
    const { winners } = await race(showId);
    expect(winners.length).toBeLessThanOrEqual(SEATS.length / 2);
  }, 60_000);

  it('expires holds while new ones race for the same seats', async () => {
    const showId = await freshShow(admin);
    const first = await race(showId);
    const firstSeats = new Set(first.winners.flatMap((winner) => winner.seats));
    // Race again as the first holds run out: some requests land before the sweep, some after it.
    const deadline = Date.now() + 40_000;
    let secondWon = false;
    while (!secondWon && Date.now() < deadline) {
      const responses = await Promise.all(
        users
          .slice(0, 50)
          .map((user, i) => request(LOCK, { show: showId, seats: requestFor(i + 1) }, { token: user.accessToken })),
      );
      expect(
        responses
          .map(errorCode)
          .filter((code) => code !== undefined && code !== 'CONFLICT' && code !== 'BAD_USER_INPUT'),
      ).toEqual([]);
      secondWon = responses.some(
        (response) =>
          !response.errors &&
          response.data!.lockSeats.seats.some((seat: { number: string }) => firstSeats.has(seat.number)),
      );
      if (!secondWon) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(secondWon).toBe(true);
    // Whatever interleaving happened, the seats held now are held once each, by active holds only.
    await waitFor(
      async () => {
        const holds = await activeHolds(showId);
        const seats = holds.flatMap((hold) => hold.seat_numbers);
        const map = (await request(SEAT_MAP, { id: showId })).data!.seatMap;
        const locked = map.seats
          .filter((seat: { status: string }) => seat.status === 'LOCKED')
          .map((seat: { number: string }) => seat.number);
        return new Set(seats).size === seats.length && locked.sort().join() === [...seats].sort().join();
      },
      20_000,
      250,
    );
  }, 120_000);
});
