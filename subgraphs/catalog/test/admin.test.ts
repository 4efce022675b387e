import { beforeAll, describe, expect, it } from '@jest/globals';
import {
  SUPERADMIN,
  createEvent,
  createVenueWithScreen,
  errorCode,
  graphqlClient,
  loginAs,
  readEvents,
  registerUser,
  scheduleShow,
  smallLayout,
  testEnvironment,
} from '@showstream/testkit';

const request = graphqlClient(testEnvironment().routerUrl);
let admin: string;

beforeAll(async () => {
  admin = (await loginAs(request, SUPERADMIN.email, SUPERADMIN.password)).accessToken;
});

const SHOW = `query($id: ID!) { show(id: $id) {
  id status startsAt endsAt totalSeats dynamicPricingEnabled basePrice { amountMinor currency }
  prices { seatType priceTier price { amountMinor currency } }
  event { title } venue { name city totalCapacity }
  screen { name capacity layout { seatTypes { seatType priceTier } rows { label cells { kind label seatType sellable } } } }
} }`;

describe('an admin builds the catalogue through the router', () => {
  it('creates a venue, a screen, an event and a show, and anyone can read it back', async () => {
    const { venueId, screenId, city } = await createVenueWithScreen(request, admin, 'Admin Hall');
    const eventId = await createEvent(request, admin, { title: 'Admin Built Premiere', durationMinutes: 120 });
    const showId = await scheduleShow(request, admin, eventId, screenId, 48, {
      seatTypePrices: [{ seatType: 'PREMIUM', price: { amountMinor: 45_000, currency: 'INR' } }],
    });

    const response = await request(SHOW, { id: showId });
    expect(response.errors).toBeUndefined();
    const show = response.data!.show;
    expect(show).toMatchObject({
      id: showId,
      status: 'SCHEDULED',
      totalSeats: 18,
      basePrice: { amountMinor: 20_000, currency: 'INR' },
      event: { title: 'Admin Built Premiere' },
      venue: { city, totalCapacity: 18 },
      screen: { name: 'Screen 1', capacity: 18 },
    });
    expect(new Date(show.endsAt).getTime() - new Date(show.startsAt).getTime()).toBe(120 * 60_000);
    expect(show.prices).toEqual([
      { seatType: 'NORMAL', priceTier: 1, price: { amountMinor: 20_000, currency: 'INR' } },
      { seatType: 'PREMIUM', priceTier: 2, price: { amountMinor: 45_000, currency: 'INR' } },
    ]);
    expect(show.screen.layout.rows[0].cells[3]).toEqual({
      kind: 'AISLE',
      label: null,
      seatType: null,
      sellable: false,
    });
    expect(show.screen.layout.rows[2].cells[0]).toEqual({
      kind: 'SEAT',
      label: 'C1',
      seatType: 'PREMIUM',
      sellable: true,
    });

    const venue = await request('query($id: ID!) { venue(id: $id) { name screens { id name } } }', { id: venueId });
    expect(venue.data!.venue.screens).toEqual([{ id: screenId, name: 'Screen 1' }]);
  });

  it('publishes ShowScheduled with every seat and its price, and ShowCancelled, on inventory-events', async () => {
    const { screenId } = await createVenueWithScreen(request, admin, 'Events Hall');
    const eventId = await createEvent(request, admin);
    const showId = await scheduleShow(request, admin, eventId, screenId, 72);
    const cancelled = await request(
      'mutation($id: ID!) { cancelShow(id: $id, reason: "Lead actor unwell") { status cancellationReason } }',
      { id: showId },
      { token: admin },
    );
    expect(cancelled.data!.cancelShow).toEqual({ status: 'CANCELLED', cancellationReason: 'Lead actor unwell' });

    const events = await readEvents('inventory-events', (event) => event.key === showId && event.source === 'catalog', {
      count: 2,
    });
    expect(events.map((event) => event.type)).toEqual(['ShowScheduled', 'ShowCancelled']);
    const scheduled = events[0]!.data as {
      seats: { number: string; row: string; seatType: string; priceMinor: number }[];
      seatTypes: unknown[];
      eventId: string;
    };
    expect(scheduled.eventId).toBe(eventId);
    expect(scheduled.seats).toHaveLength(18);
    expect(scheduled.seats).toContainEqual({ number: 'C6', row: 'C', seatType: 'PREMIUM', priceMinor: 25_000 });
    expect(scheduled.seats).toContainEqual({ number: 'A1', row: 'A', seatType: 'NORMAL', priceMinor: 20_000 });
    expect(events[1]!.data).toMatchObject({ showId, reason: 'Lead actor unwell' });
  });

  it('archives an event: hidden from browsing, no new shows', async () => {
    const { screenId } = await createVenueWithScreen(request, admin, 'Archive Hall');
    const title = `Archived Feature ${Date.now()}`;
    const eventId = await createEvent(request, admin, { title });
    await request('mutation($id: ID!) { archiveEvent(id: $id) { isActive } }', { id: eventId }, { token: admin });
    const search = await request('query($q: String!) { searchEvents(query: $q) { edges { node { id } } } }', {
      q: title,
    });
    expect(search.data!.searchEvents.edges).toEqual([]);
    const schedule = await request(
      'mutation($input: ShowInput!) { scheduleShow(input: $input) { id } }',
      {
        input: {
          eventId,
          screenId,
          startsAt: new Date(Date.now() + 86_400_000).toISOString(),
          basePrice: { amountMinor: 100 },
        },
      },
      { token: admin },
    );
    expect(errorCode(schedule)).toBe('BAD_USER_INPUT');
    expect(schedule.errors![0]!.extensions!.field).toBe('eventId');
  });

  it('keeps catalogue management to admins', async () => {
    const user = await registerUser(request, 'catalog-user');
    const mutation = 'mutation($input: VenueInput!) { createVenue(input: $input) { id } }';
    const variables = { input: { name: 'Nope', city: 'Nowhere', timeZone: 'Asia/Kolkata' } };
    expect(errorCode(await request(mutation, variables, { token: user.accessToken }))).toBe('FORBIDDEN');
    expect(errorCode(await request(mutation, variables))).toBe('UNAUTHENTICATED');
    const screen = await request(
      'mutation($v: ID!, $input: ScreenInput!) { addScreen(venueId: $v, input: $input) { id } }',
      { v: '00000000-0000-0000-0000-000000000000', input: { name: 'X', layout: smallLayout() } },
      { token: user.accessToken },
    );
    expect(errorCode(screen)).toBe('FORBIDDEN');
  });
});
