import { describe, expect, it } from '@jest/globals';
import { ClientError, encodeCursor, pageRequest, toConnection } from '../index.ts';

describe('Relay pagination helpers', () => {
  it('round-trips a cursor', () => {
    const cursor = encodeCursor('2026-11-24T10:00:00.000Z', 'abc');
    expect(pageRequest(10, cursor)).toEqual({ first: 10, after: { sortValue: '2026-11-24T10:00:00.000Z', id: 'abc' } });
  });

  it.each([0, -1, 101, 2.5])('refuses first = %p with BAD_USER_INPUT', (first) => {
    expect(() => pageRequest(first, undefined)).toThrow(ClientError);
    try {
      pageRequest(first, undefined);
    } catch (error) {
      expect((error as ClientError).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'first' });
    }
  });

  it.each(['garbage', Buffer.from('{"a":1}').toString('base64url'), Buffer.from('[1,2]').toString('base64url')])(
    'refuses a cursor it did not issue: %p',
    (after) => {
      expect(() => pageRequest(5, after)).toThrow(/after is not a cursor/);
    },
  );

  it('builds a connection from first + 1 rows', () => {
    const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    const connection = toConnection(rows, { first: 2 }, 7, (row) => row.id);
    expect(connection).toEqual({
      edges: [
        { cursor: 'a', node: { id: 'a' } },
        { cursor: 'b', node: { id: 'b' } },
      ],
      pageInfo: { hasNextPage: true, endCursor: 'b' },
      totalCount: 7,
    });
    expect(toConnection([], { first: 2 }, 0, (row: { id: string }) => row.id).pageInfo).toEqual({
      hasNextPage: false,
      endCursor: null,
    });
  });
});
