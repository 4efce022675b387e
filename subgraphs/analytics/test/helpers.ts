import { expect } from '@jest/globals';
import pg from 'pg';
import {
  SUPERADMIN,
  TEST_DB_PREFIX,
  errorCode,
  graphqlClient,
  loginAs,
  metricsUrl,
  testEnvironment,
  waitFor,
  type GraphQLResponse,
} from '@showstream/testkit';

export const request = graphqlClient(testEnvironment().routerUrl);

export async function adminToken(): Promise<string> {
  return (await loginAs(request, SUPERADMIN.email, SUPERADMIN.password)).accessToken;
}

export const expectCode = (response: GraphQLResponse, code: string, field?: string) => {
  expect(errorCode(response)).toBe(code);
  if (field) expect(response.errors![0]!.extensions!.field).toBe(field);
};

/** Runs `sql` on one service's own database (`booking`, `payment`, …), as a check beside the API. */
export async function sql<T extends Record<string, unknown>>(
  service: string,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  const url = new URL(testEnvironment().postgresUrl);
  url.pathname = `/${TEST_DB_PREFIX}${service}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}

/** Whether the analytics consumers have applied the event with this id. */
export async function analyticsApplied(eventId: string): Promise<boolean> {
  return (await sql('analytics', 'select 1 from processed_events where event_id = $1', [eventId])).length > 0;
}

/** Polls `read` until it equals `expected` (analytics is eventually consistent), then asserts it, so a timeout shows the difference. */
export async function eventuallyEqual<T>(read: () => Promise<T>, expected: T, timeoutMs = 30_000): Promise<void> {
  let last: T | undefined;
  await waitFor(
    async () => {
      last = await read();
      return JSON.stringify(last) === JSON.stringify(expected);
    },
    timeoutMs,
    300,
  ).catch(() => undefined);
  expect(last).toEqual(expected);
}

export const analyticsMetricsUrl = () => metricsUrl('analytics');
