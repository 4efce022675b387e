import { BREAK, visit, type DocumentNode } from 'graphql';

/** Whether a document reads the schema (`__schema` or `__type`, in any fragment); `__typename` is ordinary data. */
export function usesIntrospection(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field: (field) => {
      if (field.name.value !== '__schema' && field.name.value !== '__type') return undefined;
      found = true;
      return BREAK;
    },
  });
  return found;
}

/**
 * graphql-js ends a validation or variable error with its suggestions (`… Did you mean
 * "seatMapChanged"?`, `Did you mean the enum value "MOVIE"?`); Apollo Server's
 * hideSchemaDetailsFromClientErrors strips the same pattern, but for every caller and only from validation.
 */
const SCHEMA_HINT = / ?Did you mean(.+?)\?$/;

/** The error without the schema's names it suggests: for those who may not introspect. */
export function withoutSchemaHints<E extends { message: string }>(error: E): E {
  return SCHEMA_HINT.test(error.message) ? { ...error, message: error.message.replace(SCHEMA_HINT, '') } : error;
}
