import { GraphQLScalarType, valueFromASTUntyped } from 'graphql';

/**
 * Any JSON value on the way in: TrackingService checks shape and size, so a bad payload is refused
 * as BAD_USER_INPUT naming `input.data` rather than as a variable-coercion error.
 */
export const JSONObjectScalar = new GraphQLScalarType({
  name: 'JSONObject',
  description: 'A JSON object.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast, variables) => valueFromASTUntyped(ast, variables),
});
