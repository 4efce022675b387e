import { beforeAll, describe, expect, it } from '@jest/globals';
import {
  SUPERADMIN,
  createEvent,
  createVenueWithScreen,
  graphqlClient,
  loginAs,
  scheduleShow,
  testEnvironment,
  type GraphQLResponse,
} from '@showstream/testkit';

const request = graphqlClient(testEnvironment().routerUrl);
let city: string;
let titles: string[];
let showId: string;

beforeAll(async () => {
  const admin = (await loginAs(request, SUPERADMIN.email, SUPERADMIN.password)).accessToken;
  const venue = await createVenueWithScreen(request, admin, 'Browse Cinema');
  city = venue.city;
  const suffix = city.slice(-6);
  titles = [`Kaleidoscope Dreams ${suffix}`, `Thunder Road ${suffix}`, `Quiet Orchard ${suffix}`];
  const [dreams, thunder, orchard] = [
    await createEvent(request, admin, { title: titles[0], genres: ['Fantasy'], language: 'Tamil', category: 'MOVIE' }),
    await createEvent(request, admin, {
      title: titles[1],
      genres: ['Rock'],
      language: 'English',
      category: 'CONCERT',
      durationMinutes: 60,
    }),
    await createEvent(request, admin, {
      title: titles[2],
      genres: ['Drama'],
      language: 'Tamil',
      category: 'PLAY',
      durationMinutes: 60,
    }),
  ];
  showId = await scheduleShow(request, admin, dreams!, venue.screenId, 30);
  await scheduleShow(request, admin, thunder!, venue.screenId, 60);
  await scheduleShow(request, admin, orchard!, venue.screenId, 24 * 10);
});

const EVENTS =
  'query($filter: EventFilter, $first: Int, $after: String) { events(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { title } } } }';

describe('browsing and search, signed out', () => {
  it('finds an event by a misspelt title', async () => {
    const response = await request('query($q: String!) { searchEvents(query: $q) { edges { node { title } } } }', {
      q: 'kaleidoscop dreems',
    });
    expect(response.errors).toBeUndefined();
    expect(response.data!.searchEvents.edges.map((edge: { node: { title: string } }) => edge.node.title)).toContain(
      titles[0],
    );
  });

  it('ranks the closest title first on the seeded catalogue', async () => {
    const response = await request('{ searchEvents(query: "monsoon leters") { edges { node { title } } } }');
    expect(response.data!.searchEvents.edges[0].node.title).toBe('Monsoon Letters');
  });

  it('filters by city, category, genre, language and date range', async () => {
    const sorted = (...some: (string | undefined)[]) => some.filter((title) => title !== undefined).sort();
    const titlesFor = async (filter: Record<string, unknown>) =>
      ((await request(EVENTS, { filter: { city, ...filter } })).data!.events.edges as { node: { title: string } }[])
        .map((edge) => edge.node.title)
        .sort();
    expect(await titlesFor({})).toEqual([...titles].sort());
    expect(await titlesFor({ category: 'CONCERT' })).toEqual([titles[1]]);
    expect(await titlesFor({ genre: 'fantasy' })).toEqual([titles[0]]);
    expect(await titlesFor({ language: 'Tamil' })).toEqual(sorted(titles[0], titles[2]));
    const inThreeDays = new Date(Date.now() + 72 * 3_600_000).toISOString();
    expect(await titlesFor({ to: inThreeDays })).toEqual(sorted(titles[0], titles[1]));
    expect(await titlesFor({ from: inThreeDays })).toEqual([titles[2]]);
  });

  // Scoped to this file's city: other suites create and archive events at the same time, so
  // totals over the whole catalogue move while a page walk is in progress.
  it('pages through results with cursors, without repeats or gaps', async () => {
    const walk = async (field: 'events' | 'searchEvents', args: string, variables: Record<string, unknown>) => {
      const seen: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 10; page++) {
        const response: GraphQLResponse = await request(
          `query($filter: EventFilter, $after: String${args ? ', $q: String!' : ''}) { ${field}(${args}filter: $filter, first: 1, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { title } } } }`,
          { ...variables, filter: { city }, after },
        );
        expect(response.errors).toBeUndefined();
        const connection: {
          totalCount: number;
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
          edges: { node: { title: string } }[];
        } = response.data![field];
        expect(connection.totalCount).toBe(titles.length);
        seen.push(...connection.edges.map((edge) => edge.node.title));
        if (!connection.pageInfo.hasNextPage) break;
        after = connection.pageInfo.endCursor;
      }
      return seen;
    };
    // Newest first: the events were created in the order of `titles`.
    expect(await walk('events', '', {})).toEqual([...titles].reverse());
    const ranked = await walk('searchEvents', 'query: $q, ', { q: city.slice(-6) });
    expect([...ranked].sort()).toEqual([...titles].sort());
  });

  it('lists venues by city and an event’s shows by city and date', async () => {
    const venues = await request(
      'query($city: String) { venues(city: $city) { totalCount edges { node { name city totalCapacity } } } }',
      { city: city.toUpperCase() },
    );
    expect(venues.data!.venues).toMatchObject({ totalCount: 1, edges: [{ node: { city, totalCapacity: 18 } }] });
    const show = await request(
      'query($id: ID!, $city: String) { show(id: $id) { event { title shows(city: $city) { id startsAt } } } }',
      { id: showId, city },
    );
    expect(show.data!.show.event.shows.map((s: { id: string }) => s.id)).toEqual([showId]);
  });
});
