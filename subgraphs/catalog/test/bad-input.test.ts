import { beforeAll, describe, expect, it } from '@jest/globals';
import {
  SUPERADMIN,
  createEvent,
  createVenueWithScreen,
  errorCode,
  graphqlClient,
  loginAs,
  scheduleShow,
  smallLayout,
  testEnvironment,
  type GraphQLResponse,
} from '@showstream/testkit';

const request = graphqlClient(testEnvironment().routerUrl);
let admin: string;
let screenId: string;
let venueId: string;
let eventId: string;

beforeAll(async () => {
  admin = (await loginAs(request, SUPERADMIN.email, SUPERADMIN.password)).accessToken;
  ({ screenId, venueId } = await createVenueWithScreen(request, admin, 'Validation Hall'));
  eventId = await createEvent(request, admin, { durationMinutes: 90 });
});

function expectBadInput(response: GraphQLResponse, field: string) {
  expect(errorCode(response)).toBe('BAD_USER_INPUT');
  expect(response.errors![0]!.extensions!.field).toBe(field);
}

const ADD_SCREEN = 'mutation($v: ID!, $input: ScreenInput!) { addScreen(venueId: $v, input: $input) { id } }';
const SCHEDULE = 'mutation($input: ShowInput!) { scheduleShow(input: $input) { id } }';
const inHours = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

describe('catalogue input validation', () => {
  it('answers unknown ids with NOT_FOUND', async () => {
    const missing = '7d6f3a8e-0000-4000-8000-000000000000';
    expect(
      errorCode(
        await request(ADD_SCREEN, { v: missing, input: { name: 'S', layout: smallLayout() } }, { token: admin }),
      ),
    ).toBe('NOT_FOUND');
    expect(
      errorCode(
        await request(
          SCHEDULE,
          { input: { eventId: missing, screenId, startsAt: inHours(5), basePrice: { amountMinor: 1 } } },
          { token: admin },
        ),
      ),
    ).toBe('NOT_FOUND');
    expect(
      errorCode(
        await request(
          SCHEDULE,
          { input: { eventId, screenId: missing, startsAt: inHours(5), basePrice: { amountMinor: 1 } } },
          { token: admin },
        ),
      ),
    ).toBe('NOT_FOUND');
    expect(
      errorCode(await request('mutation { cancelShow(id: "not-a-uuid", reason: "x") { id } }', {}, { token: admin })),
    ).toBe('NOT_FOUND');
    expect(
      errorCode(
        await request(
          `mutation { updateEvent(id: "${missing}", input: { title: "T", category: MOVIE }) { id } }`,
          {},
          { token: admin },
        ),
      ),
    ).toBe('NOT_FOUND');
    const lookups = await request(
      `{ show(id: "${missing}") { id } event(id: "nonsense") { id } venue(id: "${missing}") { id } }`,
    );
    expect(lookups.errors).toBeUndefined();
    expect(lookups.data).toEqual({ show: null, event: null, venue: null });
  });

  it('refuses overlapping shows on one screen, counting duration and changeover', async () => {
    await scheduleShow(request, admin, eventId, screenId, 100);
    // 90 minutes plus a 30-minute changeover: a start 110 minutes later still collides.
    const overlapping = await request(
      SCHEDULE,
      { input: { eventId, screenId, startsAt: inHours(100 + 110 / 60), basePrice: { amountMinor: 100 } } },
      { token: admin },
    );
    expectBadInput(overlapping, 'startsAt');
    expect(overlapping.errors![0]!.message).toMatch(/already has a show/);
    const after = await request(
      SCHEDULE,
      { input: { eventId, screenId, startsAt: inHours(102), basePrice: { amountMinor: 100 } } },
      { token: admin },
    );
    expect(after.errors).toBeUndefined();
  });

  it('refuses shows in the past and negative or fractional prices', async () => {
    expectBadInput(
      await request(
        SCHEDULE,
        { input: { eventId, screenId, startsAt: inHours(-1), basePrice: { amountMinor: 100 } } },
        { token: admin },
      ),
      'startsAt',
    );
    expectBadInput(
      await request(
        SCHEDULE,
        { input: { eventId, screenId, startsAt: inHours(300), basePrice: { amountMinor: -5 } } },
        { token: admin },
      ),
      'basePrice.amountMinor',
    );
    const badTypePrice = await request(
      SCHEDULE,
      {
        input: {
          eventId,
          screenId,
          startsAt: inHours(310),
          basePrice: { amountMinor: 100 },
          seatTypePrices: [{ seatType: 'RECLINER', price: { amountMinor: 100 } }],
        },
      },
      { token: admin },
    );
    expectBadInput(badTypePrice, 'seatTypePrices.0.seatType');
  });

  it('validates layouts: duplicate labels, zero seats, unknown seat types, capacity', async () => {
    const duplicate = smallLayout();
    duplicate.rows[1]!.cells[0] = { label: 'A1', seatType: 'NORMAL' };
    expectBadInput(
      await request(ADD_SCREEN, { v: venueId, input: { name: 'Dup', layout: duplicate } }, { token: admin }),
      'layout.rows.1.cells.0.label',
    );

    const empty = {
      rows: [{ label: 'A', cells: [{ kind: 'GAP' }, { kind: 'AISLE' }] }],
      seatTypes: [{ seatType: 'NORMAL', priceTier: 1 }],
    };
    expectBadInput(
      await request(ADD_SCREEN, { v: venueId, input: { name: 'Empty', layout: empty } }, { token: admin }),
      'layout.rows',
    );

    const allBlocked = {
      rows: [{ label: 'A', cells: [{ label: 'A1', seatType: 'NORMAL', sellable: false }] }],
      seatTypes: [{ seatType: 'NORMAL', priceTier: 1 }],
    };
    expectBadInput(
      await request(ADD_SCREEN, { v: venueId, input: { name: 'Blocked', layout: allBlocked } }, { token: admin }),
      'layout.rows',
    );

    const unknownType = {
      rows: [{ label: 'A', cells: [{ label: 'A1', seatType: 'GOLD' }] }],
      seatTypes: [{ seatType: 'NORMAL', priceTier: 1 }],
    };
    expectBadInput(
      await request(ADD_SCREEN, { v: venueId, input: { name: 'Unknown', layout: unknownType } }, { token: admin }),
      'layout.rows.0.cells.0.seatType',
    );

    expectBadInput(
      await request(
        ADD_SCREEN,
        { v: venueId, input: { name: 'Capacity', capacity: 20, layout: smallLayout() } },
        { token: admin },
      ),
      'capacity',
    );
    const duplicateName = await request(
      ADD_SCREEN,
      { v: venueId, input: { name: 'Screen 1', layout: smallLayout() } },
      { token: admin },
    );
    expect(errorCode(duplicateName)).toBe('CONFLICT');
  });

  it('validates events and venues', async () => {
    expectBadInput(
      await request('mutation { createEvent(input: { title: "  ", category: MOVIE }) { id } }', {}, { token: admin }),
      'title',
    );
    expectBadInput(
      await request(
        'mutation { createEvent(input: { title: "T", category: MOVIE, durationMinutes: 0 }) { id } }',
        {},
        { token: admin },
      ),
      'durationMinutes',
    );
    expectBadInput(
      await request(
        'mutation { createEvent(input: { title: "T", category: MOVIE, posterUrl: "javascript:alert(1)" }) { id } }',
        {},
        { token: admin },
      ),
      'posterUrl',
    );
    expectBadInput(
      await request(
        'mutation { createVenue(input: { name: "V", city: "", timeZone: "Asia/Kolkata" }) { id } }',
        {},
        {
          token: admin,
        },
      ),
      'city',
    );
  });

  it.each([
    ['an empty query', '', 'BAD_USER_INPUT'],
    ['a very long query', 'x'.repeat(5_000), 'BAD_USER_INPUT'],
  ])('answers %s with a clear error', async (_label, query, code) => {
    const response = await request('query($q: String!) { searchEvents(query: $q) { totalCount } }', { q: query });
    expect(errorCode(response)).toBe(code);
    expect(response.errors![0]!.extensions!.field).toBe('query');
  });

  it.each(["'; drop table events; --", '") OR 1=1 --', '<script>alert(1)</script>', '!!! & | ( ) :* "', '\\', '%_%'])(
    'treats %p as text to search for',
    async (query) => {
      const response = await request(
        'query($q: String!) { searchEvents(query: $q) { totalCount } events(filter: { text: $q }) { totalCount } }',
        { q: query },
      );
      expect(response.errors).toBeUndefined();
      expect(response.data!.searchEvents.totalCount).toBeGreaterThanOrEqual(0);
    },
  );

  it('refuses page sizes out of range and cursors it did not issue', async () => {
    expectBadInput(await request('{ events(first: 1000) { totalCount } }'), 'first');
    expectBadInput(await request('{ events(after: "bogus") { totalCount } }'), 'after');
  });
});
