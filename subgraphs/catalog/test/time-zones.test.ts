import { beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import {
  SUPERADMIN,
  createEvent,
  createVenueWithScreen,
  errorCode,
  graphqlClient,
  loginAs,
  testEnvironment,
} from '@showstream/testkit';

const request = graphqlClient(testEnvironment().routerUrl);
let admin: string;
let eventId: string;

beforeAll(async () => {
  admin = (await loginAs(request, SUPERADMIN.email, SUPERADMIN.password)).accessToken;
  eventId = await createEvent(request, admin, { title: 'Clock Change Gala', durationMinutes: 60 });
});

const SCHEDULE = `mutation($input: ShowInput!) { scheduleShow(input: $input) {
  id startsAt localStartsAt { dateTime timeZone abbreviation utcOffset }
} }`;
const SHOWS_AT = `query($venueId: ID!) { shows(filter: { venueId: $venueId }) {
  totalCount edges { node { id startsAt localStartsAt { dateTime timeZone abbreviation utcOffset } venue { timeZone } } }
} }`;

const schedule = (screenId: string, start: Record<string, unknown>) =>
  request(
    SCHEDULE,
    { input: { eventId, screenId, basePrice: { amountMinor: 20_000, currency: 'INR' }, ...start } },
    { token: admin },
  );

async function showCount(venueId: string): Promise<number> {
  const response = await request(SHOWS_AT, { venueId });
  expect(response.errors).toBeUndefined();
  return response.data!.shows.totalCount;
}

/** The last Sunday of a month (1–12), when the UK's clocks change (at 01:00 UTC) in March and October. */
function lastSunday(year: number, month: number): string {
  const last = new Date(Date.UTC(year, month, 0));
  last.setUTCDate(last.getUTCDate() - last.getUTCDay());
  return last.toISOString().slice(0, 10);
}

// Next year's changes are always ahead, so shows can be scheduled on them.
const YEAR = new Date().getUTCFullYear() + 1;
const SPRING = lastSunday(YEAR, 3);
const AUTUMN = lastSunday(YEAR, 10);

describe('venue time zones through the router', () => {
  it('reads local times in Europe/London across both clock changes', async () => {
    const london = await createVenueWithScreen(request, admin, 'Clock Hall', { timeZone: 'Europe/London' });
    const venue = await request('query($id: ID!) { venue(id: $id) { timeZone } }', { id: london.venueId });
    expect(venue.data!.venue).toEqual({ timeZone: 'Europe/London' });

    // 01:00–02:00 does not exist on the day the clocks go forward (2026-03-29, and next year's).
    for (const local of ['2026-03-29T01:30', `${SPRING}T01:30`, `${SPRING}T01:00`]) {
      const refused = await schedule(london.screenId, { startsAtLocal: local });
      expect(errorCode(refused)).toBe('NONEXISTENT_LOCAL_TIME');
      expect(refused.errors![0]!.extensions!.field).toBe('startsAtLocal');
      expect(refused.errors![0]!.message).toContain('the clocks go forward to 02:00');
    }
    expect(await showCount(london.venueId)).toBe(0);

    // 02:30 that morning is BST: 01:30Z.
    const spring = await schedule(london.screenId, { startsAtLocal: `${SPRING}T02:30` });
    expect(spring.errors).toBeUndefined();
    expect(spring.data!.scheduleShow).toMatchObject({
      startsAt: `${SPRING}T01:30:00.000Z`,
      localStartsAt: {
        dateTime: `${SPRING}T02:30`,
        timeZone: 'Europe/London',
        abbreviation: 'BST',
        utcOffset: '+01:00',
      },
    });

    // 01:30 happens twice the day the clocks go back: the earlier one, still BST, is 00:30Z.
    const autumn = await schedule(london.screenId, { startsAtLocal: `${AUTUMN}T01:30` });
    expect(autumn.errors).toBeUndefined();
    expect(autumn.data!.scheduleShow).toMatchObject({
      startsAt: `${AUTUMN}T00:30:00.000Z`,
      localStartsAt: { dateTime: `${AUTUMN}T01:30`, abbreviation: 'BST', utcOffset: '+01:00' },
    });

    // The later 01:30 (GMT), given as an instant on another screen, reads back as 01:30 GMT.
    const annexe = await createVenueWithScreen(request, admin, 'Clock Annexe', { timeZone: 'Europe/London' });
    const second = await schedule(annexe.screenId, { startsAt: `${AUTUMN}T01:30:00.000Z` });
    expect(second.data!.scheduleShow.localStartsAt).toEqual({
      dateTime: `${AUTUMN}T01:30`,
      timeZone: 'Europe/London',
      abbreviation: 'GMT',
      utcOffset: '+00:00',
    });
    // And a winter evening, given as local time, is GMT.
    const winter = await schedule(london.screenId, { startsAtLocal: `${YEAR}-12-01T19:30` });
    expect(winter.data!.scheduleShow).toMatchObject({
      startsAt: `${YEAR}-12-01T19:30:00.000Z`,
      localStartsAt: { dateTime: `${YEAR}-12-01T19:30`, abbreviation: 'GMT', utcOffset: '+00:00' },
    });

    // Listing reads the same local times back, in start order.
    const listed = await request(SHOWS_AT, { venueId: london.venueId });
    expect(listed.data!.shows.edges.map((edge: { node: unknown }) => edge.node)).toEqual([
      {
        id: spring.data!.scheduleShow.id,
        startsAt: `${SPRING}T01:30:00.000Z`,
        localStartsAt: {
          dateTime: `${SPRING}T02:30`,
          timeZone: 'Europe/London',
          abbreviation: 'BST',
          utcOffset: '+01:00',
        },
        venue: { timeZone: 'Europe/London' },
      },
      {
        id: autumn.data!.scheduleShow.id,
        startsAt: `${AUTUMN}T00:30:00.000Z`,
        localStartsAt: {
          dateTime: `${AUTUMN}T01:30`,
          timeZone: 'Europe/London',
          abbreviation: 'BST',
          utcOffset: '+01:00',
        },
        venue: { timeZone: 'Europe/London' },
      },
      {
        id: winter.data!.scheduleShow.id,
        startsAt: `${YEAR}-12-01T19:30:00.000Z`,
        localStartsAt: {
          dateTime: `${YEAR}-12-01T19:30`,
          timeZone: 'Europe/London',
          abbreviation: 'GMT',
          utcOffset: '+00:00',
        },
        venue: { timeZone: 'Europe/London' },
      },
    ]);
  });

  it('schedules a Bengaluru show at 10:00 IST as 04:30Z', async () => {
    const bengaluru = await createVenueWithScreen(request, admin, 'Bengaluru Palace', { timeZone: 'Asia/Kolkata' });
    const show = await schedule(bengaluru.screenId, { startsAtLocal: `${YEAR}-01-15T10:00` });
    expect(show.errors).toBeUndefined();
    expect(show.data!.scheduleShow).toMatchObject({
      startsAt: `${YEAR}-01-15T04:30:00.000Z`,
      localStartsAt: {
        dateTime: `${YEAR}-01-15T10:00`,
        timeZone: 'Asia/Kolkata',
        abbreviation: 'IST',
        utcOffset: '+05:30',
      },
    });
    // The same instant given as startsAt reads back the same way.
    const read = await request('query($id: ID!) { show(id: $id) { localStartsAt { dateTime abbreviation } } }', {
      id: show.data!.scheduleShow.id,
    });
    expect(read.data!.show.localStartsAt).toEqual({ dateTime: `${YEAR}-01-15T10:00`, abbreviation: 'IST' });
  });

  it('refuses an unknown time zone with INVALID_TIME_ZONE and creates nothing', async () => {
    const city = `Nowhereville-${randomUUID().slice(0, 6)}`;
    const create = 'mutation($input: VenueInput!) { createVenue(input: $input) { id } }';
    for (const timeZone of ['Mars/Olympus_Mons', 'IST', 'asia/kolkata', '+05:30', 'Europe/Londres', '']) {
      const refused = await request(create, { input: { name: 'Lost Hall', city, timeZone } }, { token: admin });
      expect(errorCode(refused)).toBe('INVALID_TIME_ZONE');
      expect(refused.errors![0]!.extensions!.field).toBe('timeZone');
    }
    const venues = await request('query($city: String) { venues(city: $city) { totalCount } }', { city });
    expect(venues.data!.venues.totalCount).toBe(0);
    // The zone is required.
    expect(errorCode(await request(create, { input: { name: 'Lost Hall', city } }, { token: admin }))).toBe(
      'BAD_USER_INPUT',
    );

    // Moving an existing venue to an unknown zone changes nothing either.
    const { venueId } = await createVenueWithScreen(request, admin, 'Stays Put');
    const update = await request(
      'mutation($id: ID!, $input: VenueInput!) { updateVenue(id: $id, input: $input) { id } }',
      { id: venueId, input: { name: 'Moved', city, timeZone: 'Atlantis/Capital' } },
      { token: admin },
    );
    expect(errorCode(update)).toBe('INVALID_TIME_ZONE');
    const unchanged = await request('query($id: ID!) { venue(id: $id) { name timeZone } }', { id: venueId });
    expect(unchanged.data!.venue.timeZone).toBe('Asia/Kolkata');
    expect(unchanged.data!.venue.name).not.toBe('Moved');
  });

  it('takes exactly one of startsAt and startsAtLocal, and only a local date-time as the latter', async () => {
    const { venueId, screenId } = await createVenueWithScreen(request, admin, 'Either Or Hall');
    const neither = await schedule(screenId, {});
    expect(errorCode(neither)).toBe('BAD_USER_INPUT');
    expect(neither.errors![0]!.extensions!.field).toBe('startsAt');
    const both = await schedule(screenId, {
      startsAt: `${YEAR}-01-15T04:30:00.000Z`,
      startsAtLocal: `${YEAR}-01-15T10:00`,
    });
    expect(errorCode(both)).toBe('BAD_USER_INPUT');
    for (const local of [`${YEAR}-01-15T10:00Z`, `${YEAR}-01-15 10:00`, `${YEAR}-02-30T10:00`, 'tomorrow']) {
      const refused = await schedule(screenId, { startsAtLocal: local });
      expect(errorCode(refused)).toBe('BAD_USER_INPUT');
      expect(refused.errors![0]!.extensions!.field).toBe('startsAtLocal');
    }
    const past = await schedule(screenId, { startsAtLocal: '2026-01-15T10:00' });
    expect(errorCode(past)).toBe('BAD_USER_INPUT');
    expect(past.errors![0]!.extensions!.field).toBe('startsAtLocal');
    expect(await showCount(venueId)).toBe(0);
  });
});
