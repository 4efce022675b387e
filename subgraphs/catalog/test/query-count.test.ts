import { describe, expect, it } from '@jest/globals';
import { graphqlClient, metricsUrl, testEnvironment } from '@showstream/testkit';

const request = graphqlClient(testEnvironment().routerUrl);

const listing = (name: string, first: number) => `query ${name} {
  shows(first: ${first}) { totalCount edges { node {
    id startsAt prices { seatType price { amountMinor } }
    event { title genres language }
    venue { name city }
    screen { name capacity }
  } } }
}`;

/** Sum and count of SQL statements the catalog ran for one named operation, from its Prometheus metrics. */
async function sqlQueries(operation: string): Promise<{ sum: number; count: number }> {
  const text = await (await fetch(metricsUrl('catalog'))).text();
  const read = (suffix: string) => {
    const line = text
      .split('\n')
      .find(
        (candidate) =>
          candidate.startsWith(`graphql_operation_sql_queries_${suffix}{`) &&
          candidate.includes(`operation="${operation}__catalog__0"`),
      );
    return Number(line?.split(' ').at(-1) ?? Number.NaN);
  };
  return { sum: read('sum'), count: read('count') };
}

describe('a page of shows with their events, venues and screens', () => {
  it('costs a constant number of SQL queries, whatever its size', async () => {
    const small = await request(listing('ShowPageOf5', 5));
    const large = await request(listing('ShowPageOf50', 50));
    expect(small.errors).toBeUndefined();
    expect(large.errors).toBeUndefined();
    expect(large.data!.shows.edges).toHaveLength(50);
    const distinctEvents = new Set(
      large.data!.shows.edges.map((edge: { node: { event: { title: string } } }) => edge.node.event.title),
    );
    expect(distinctEvents.size).toBeGreaterThan(5);

    const smallCount = await sqlQueries('ShowPageOf5');
    const largeCount = await sqlQueries('ShowPageOf50');
    expect(smallCount.count).toBe(1);
    expect(largeCount.count).toBe(1);
    // shows + count + one batch each for events, venues and screens.
    expect(largeCount.sum).toBe(5);
    expect(largeCount.sum).toBe(smallCount.sum);
  });
});
