import { describe, expect, it } from '@jest/globals';
import { GraphQLError } from 'graphql';
import { conflict, createErrorFormatter, createLogger } from '../index.ts';

const format = createErrorFormatter(createLogger('errors-test', 'silent'));

/** What Apollo hands formatError for an error thrown in a resolver. */
function fromResolver(thrown: Error): [ReturnType<GraphQLError['toJSON']>, GraphQLError] {
  const error = new GraphQLError(thrown.message, { originalError: thrown, path: ['dashboard'] });
  return [error.toJSON(), error];
}

const withCode = (message: string, code: string, cause?: Error) =>
  Object.assign(new Error(message, cause ? { cause } : {}), { code });

describe('the error formatter', () => {
  it('answers SERVICE_UNAVAILABLE, with nothing internal, when a dependency cannot be reached', () => {
    const cases = [
      withCode('terminating connection due to administrator command', '57P01'),
      withCode('the database system is starting up', '57P03'),
      withCode('Connection failed', 'DriverException', withCode('connect ECONNREFUSED 10.1.2.3:5432', 'ECONNREFUSED')),
      new Error('Connection terminated unexpectedly'),
    ];
    for (const thrown of cases) {
      expect(format(...fromResolver(thrown))).toEqual({
        message: 'This service is temporarily unavailable; try again shortly.',
        path: ['dashboard'],
        extensions: { code: 'SERVICE_UNAVAILABLE' },
      });
    }
  });

  it('keeps other failures internal, and client errors as they are', () => {
    expect(
      format(...fromResolver(withCode('duplicate key value violates unique constraint "users_email"', '23505'))),
    ).toEqual({
      message: 'Internal server error',
      path: ['dashboard'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    const refused = conflict('Seat A1 is taken.');
    expect(format(refused.toJSON(), refused)).toEqual({
      message: 'Seat A1 is taken.',
      extensions: { code: 'CONFLICT' },
    });
  });
});
