import {
  SUPERADMIN,
  graphqlClient,
  loginAs,
  registerUser,
  showWithSeats,
  testEnvironment,
  type TestUser,
} from '@showstream/testkit';

export const request = graphqlClient(testEnvironment().routerUrl);

export const SEAT_MAP =
  'query($id: ID!) { seatMap(showId: $id) { version available locked booked seats { number status price { amountMinor currency } } } }';
export const LOCK =
  'mutation($show: ID!, $seats: [String!]!) { lockSeats(showId: $show, seatNumbers: $seats) { id status expiresAt seats { number status } total { amountMinor } } }';
export const RELEASE = 'mutation($id: ID!) { releaseSeats(lockId: $id) { id status } }';

export async function adminToken(): Promise<string> {
  return (await loginAs(request, SUPERADMIN.email, SUPERADMIN.password)).accessToken;
}

/** A fresh show on its own small screen (18 seats, A1–C6), once inventory has its seats. */
export const freshShow = (admin: string, hoursAhead = 48) =>
  showWithSeats(request, admin, hoursAhead, 'Inventory Hall');

/** Registers `count` users a few at a time (argon2 is deliberately slow). */
export async function registerUsers(count: number, label: string): Promise<TestUser[]> {
  const users: TestUser[] = [];
  for (let i = 0; i < count; i += 8) {
    users.push(
      ...(await Promise.all(Array.from({ length: Math.min(8, count - i) }, () => registerUser(request, label)))),
    );
  }
  return users;
}
