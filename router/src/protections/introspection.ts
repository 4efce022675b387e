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
