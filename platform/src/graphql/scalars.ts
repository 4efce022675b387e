import { GraphQLScalarType, Kind, valueFromASTUntyped } from 'graphql';

function toDate(value: unknown): Date {
  const date =
    value instanceof Date
      ? value
      : typeof value === 'string' || typeof value === 'number'
        ? new Date(value)
        : new Date(NaN);
  if (Number.isNaN(date.getTime())) throw new TypeError('DateTime must be an ISO-8601 date-time string.');
  return date;
}

/** ISO-8601 date-times in and out; inputs become Date objects. */
export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  description: 'An ISO-8601 date-time string, e.g. 2026-11-24T18:30:00.000Z.',
  serialize: (value) => toDate(value).toISOString(),
  parseValue: toDate,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new TypeError('DateTime must be a string.');
    return toDate(ast.value);
  },
});

/**
 * Any JSON value, in and out: the resolver that accepts one checks its shape and size, so a bad
 * payload is refused as BAD_USER_INPUT naming the argument rather than as a variable-coercion error.
 */
export const JSONObjectScalar = new GraphQLScalarType({
  name: 'JSONObject',
  description: 'A JSON object.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast, variables) => valueFromASTUntyped(ast, variables),
});

/** A whole number within ±(2^53 − 1) from a number, a bigint or PostgreSQL's text for a bigint; anything else throws. */
function toLong(value: unknown): number {
  const number =
    typeof value === 'number'
      ? value
      : typeof value === 'bigint'
        ? Number(value)
        : typeof value === 'string' && /^-?\d{1,16}$/.test(value)
          ? Number(value)
          : NaN;
  // A bigint past 2^53 would have been rounded by Number(): compare it back.
  if (!Number.isSafeInteger(number) || (typeof value === 'bigint' && BigInt(number) !== value))
    throw new TypeError('Long must be a whole number within ±(2^53 − 1).');
  return number;
}

/**
 * 64-bit integers where 32 bits can run out (sums of money over many bookings: 2^31 paise is about
 * ₹2.1 crore). Serialized as a JSON number, which every client parses exactly up to 2^53 − 1
 * (9,007,199,254,740,991); beyond that it refuses rather than round. PostgreSQL's `bigint` arrives
 * as text and leaves as a number.
 */
export const LongScalar = new GraphQLScalarType({
  name: 'Long',
  description:
    'A 64-bit integer, serialized as a JSON number: exact up to 2^53 − 1 (9007199254740991) either way, refused beyond.',
  serialize: toLong,
  parseValue: toLong,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.INT) throw new TypeError('Long must be an integer.');
    return toLong(ast.value);
  },
});
