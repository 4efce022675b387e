import { describe, expect, it } from '@jest/globals';
import { parse, print } from 'graphql';
import { entityQuery } from './live-group.ts';

const normalise = (query: string | undefined) => print(parse(query!));

describe('the gateway query behind a live event', () => {
  it('fetches what a subscription selects on an entity field, with its fragments and variables', () => {
    const document = parse(`
      subscription Watch($show: ID!, $big: Boolean!) {
        seatMapChanged(showId: $show) { version seats { number } where: show { ...Names startsAt @include(if: $big) } }
      }
      fragment Names on Show { event { title } }`);
    const query = entityQuery(document, 'Watch', {
      payloadKey: 'showId',
      field: 'show',
      queryField: 'show',
      idType: 'ID!',
    });
    expect(normalise(query)).toBe(
      normalise(`query LiveSubscriptionEntity($big: Boolean!, $liveEntityId: ID!) {
        where: show(id: $liveEntityId) { ...Names startsAt @include(if: $big) }
      }
      fragment Names on Show { event { title } }`),
    );
  });

  it('fetches the whole selection when the subscription field is the entity, without its own arguments', () => {
    const document = parse('subscription($id: ID!) { bookingStatusChanged(id: $id) { id status show { id } } }');
    const query = entityQuery(document, undefined, { payloadKey: 'id', queryField: 'booking', idType: 'ID!' });
    expect(normalise(query)).toBe(
      normalise(
        'query LiveSubscriptionEntity($liveEntityId: ID!) { liveEntity: booking(id: $liveEntityId) { id status show { id } } }',
      ),
    );
  });

  it('has nothing to fetch when the subscription selects only what the event carries', () => {
    const document = parse('subscription($s: ID!) { seatMapChanged(showId: $s) { version } }');
    expect(
      entityQuery(document, undefined, { payloadKey: 'showId', field: 'show', queryField: 'show', idType: 'ID!' }),
    ).toBeUndefined();
  });
});
