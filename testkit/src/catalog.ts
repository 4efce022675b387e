import { randomUUID } from 'node:crypto';
import type { graphqlClient } from './graphql-client.ts';

type Client = ReturnType<typeof graphqlClient>;

/** A small cinema layout: rows A–C of 6 seats with an aisle after seat 3; row C is PREMIUM. */
export function smallLayout() {
  const rows = ['A', 'B', 'C'].map((label) => ({
    label,
    cells: [1, 2, 3, null, 4, 5, 6].map((seat) =>
      seat === null ? { kind: 'AISLE' } : { label: `${label}${seat}`, seatType: label === 'C' ? 'PREMIUM' : 'NORMAL' },
    ),
  }));
  return {
    rows,
    seatTypes: [
      { seatType: 'NORMAL', priceTier: 1 },
      { seatType: 'PREMIUM', priceTier: 2 },
    ],
  };
}

async function must(request: Client, token: string, query: string, variables: Record<string, unknown>) {
  const response = await request(query, variables, { token });
  if (response.errors) throw new Error(`${query.slice(0, 40)}…: ${JSON.stringify(response.errors)}`);
  return response.data!;
}

export interface TestVenue {
  venueId: string;
  screenId: string;
  city: string;
}

/**
 * A venue in a city of its own with one small screen, so tests do not see each other's data; in
 * Asia/Kolkata unless `venue` says otherwise (its fields go into VenueInput).
 */
export async function createVenueWithScreen(
  request: Client,
  adminToken: string,
  label = 'venue',
  venue: Record<string, unknown> = {},
): Promise<TestVenue> {
  const city = `Testpur-${randomUUID().slice(0, 6)}`;
  const created = await must(
    request,
    adminToken,
    'mutation($input: VenueInput!) { createVenue(input: $input) { id } }',
    {
      input: {
        name: `${label} ${city}`,
        city,
        state: 'Test State',
        facilities: ['Parking'],
        timeZone: 'Asia/Kolkata',
        ...venue,
      },
    },
  );
  const screen = await must(
    request,
    adminToken,
    'mutation($venueId: ID!, $input: ScreenInput!) { addScreen(venueId: $venueId, input: $input) { id } }',
    {
      venueId: created.createVenue.id,
      input: { name: 'Screen 1', layout: smallLayout() },
    },
  );
  return { venueId: created.createVenue.id, screenId: screen.addScreen.id, city };
}

export async function createEvent(
  request: Client,
  adminToken: string,
  input: Record<string, unknown> = {},
): Promise<string> {
  const data = await must(request, adminToken, 'mutation($input: EventInput!) { createEvent(input: $input) { id } }', {
    input: {
      title: `Test Event ${randomUUID().slice(0, 8)}`,
      category: 'MOVIE',
      durationMinutes: 100,
      genres: ['Drama'],
      language: 'English',
      ...input,
    },
  });
  return data.createEvent.id;
}

/** Schedules a show `hoursFromNow` ahead at ₹200 base. */
export async function scheduleShow(
  request: Client,
  adminToken: string,
  eventId: string,
  screenId: string,
  hoursFromNow: number,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const startsAt = new Date(Date.now() + hoursFromNow * 3_600_000).toISOString();
  const data = await must(request, adminToken, 'mutation($input: ShowInput!) { scheduleShow(input: $input) { id } }', {
    input: { eventId, screenId, startsAt, basePrice: { amountMinor: 20_000, currency: 'INR' }, ...extra },
  });
  return data.scheduleShow.id;
}
