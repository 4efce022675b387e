/** What the benchmarks share: a GraphQL client, percentiles, a big show to book, users, and a timed loop. */
import { randomUUID } from 'node:crypto';

export function graphqlAt(url: string) {
  return async function graphql<T = any>(
    query: string,
    variables: Record<string, unknown> = {},
    token?: string,
  ): Promise<T> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data: T; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
}
export type GraphQL = ReturnType<typeof graphqlAt>;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;

export function summary(latencies: number[]) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
}

/** Right-aligned table cells, so runs can be compared by eye. */
export const row = (cells: (string | number)[], width = 12) =>
  cells.map((cell) => String(cell).padStart(width)).join('');

export async function adminToken(graphql: GraphQL, credentials: string): Promise<string> {
  const [email, password] = credentials.split(':') as [string, string];
  return (
    await graphql('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }', {
      e: email,
      p: password,
    })
  ).login.accessToken;
}

/** Seat label of the n-th seat (0-based) on a screen with `perRow` seats per row: A1, A2, …, B1, … */
export const seatLabel = (index: number, perRow: number) =>
  `${String.fromCharCode(65 + Math.floor(index / perRow))}${(index % perRow) + 1}`;

/** A venue of its own with one screen of `rows` × `perRow` NORMAL seats and a show a week out, once inventory has its seats. */
export async function createBenchShow(graphql: GraphQL, admin: string, rows: number, perRow: number): Promise<string> {
  const layoutRows = Array.from({ length: rows }, (_, r) => ({
    label: String.fromCharCode(65 + r),
    cells: Array.from({ length: perRow }, (_, s) => ({ label: seatLabel(r * perRow + s, perRow), seatType: 'NORMAL' })),
  }));
  const city = `Benchpur-${randomUUID().slice(0, 6)}`;
  const venue = (
    await graphql(
      'mutation($i: VenueInput!) { createVenue(input: $i) { id } }',
      { i: { name: 'Bench Arena', city, timeZone: 'Asia/Kolkata' } },
      admin,
    )
  ).createVenue.id;
  const screen = (
    await graphql(
      'mutation($v: ID!, $i: ScreenInput!) { addScreen(venueId: $v, input: $i) { id } }',
      {
        v: venue,
        i: { name: 'Arena', layout: { rows: layoutRows, seatTypes: [{ seatType: 'NORMAL', priceTier: 1 }] } },
      },
      admin,
    )
  ).addScreen.id;
  const event = (
    await graphql(
      'mutation($i: EventInput!) { createEvent(input: $i) { id } }',
      { i: { title: 'Bench Night', category: 'CONCERT', durationMinutes: 60 } },
      admin,
    )
  ).createEvent.id;
  const showId = (
    await graphql(
      'mutation($i: ShowInput!) { scheduleShow(input: $i) { id } }',
      {
        i: {
          eventId: event,
          screenId: screen,
          startsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
          basePrice: { amountMinor: 50_000 },
        },
      },
      admin,
    )
  ).scheduleShow.id;
  for (let attempt = 0; ; attempt++) {
    try {
      await graphql('query($s: ID!) { seatMap(showId: $s) { version } }', { s: showId });
      return showId;
    } catch (error) {
      if (attempt > 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Registers `count` users eight at a time (argon2id is deliberately slow) and returns their access tokens. */
export async function registerBenchUsers(graphql: GraphQL, count: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < count; i += 8) {
    tokens.push(
      ...(await Promise.all(
        Array.from(
          { length: Math.min(8, count - i) },
          async () =>
            (
              await graphql('mutation($i: RegisterInput!) { register(input: $i) { accessToken } }', {
                i: {
                  email: `bench-${randomUUID().slice(0, 12)}@example.test`,
                  password: 'Bench-passw0rd',
                  firstName: 'B',
                  lastName: 'M',
                },
              })
            ).register.accessToken,
        ),
      )),
    );
  }
  return tokens;
}

/** Runs `once(i)` for i = 0 … total − 1, shared by `concurrency` workers: a fixed number of requests per level. */
export async function counted(total: number, concurrency: number, once: (i: number) => Promise<unknown>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t0 = performance.now();
        await once(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return {
    count: latencies.length,
    perSecond: latencies.length / ((performance.now() - started) / 1000),
    ...summary(latencies),
  };
}

/** Runs `once` in `concurrency` workers for `seconds`; `once` returns false when a worker has nothing left to do. */
export async function timed(seconds: number, concurrency: number, once: (worker: number) => Promise<boolean | void>) {
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        if ((await once(worker)) === false) return;
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsedSeconds = (performance.now() - started) / 1000;
  return { count: latencies.length, perSecond: latencies.length / elapsedSeconds, ...summary(latencies) };
}
