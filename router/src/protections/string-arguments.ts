import { BREAK, Kind, visit, type ASTNode, type DocumentNode } from 'graphql';

/**
 * A NUL character or a UTF-16 surrogate without its pair: no person typed it, PostgreSQL's text and
 * jsonb cannot store it, and past the edge it would fail deep in a subgraph as a server error.
 */
const unstorable = (text: string) => text.includes('\0') || !text.isWellFormed();

/**
 * Where a request's first unstorable string argument is, or undefined when there is none: a string
 * literal anywhere in the document (arguments with their nested input objects and lists, directive
 * arguments, variable defaults), or any string in the variables, object keys included (a JSON
 * scalar's keys reach the database too). The answer names the argument or the variable's path
 * (`input.firstName`), so a form can highlight it; '' when there is nothing to name.
 */
export function findUnstorableString(document: DocumentNode, variables: unknown): string | undefined {
  let found: string | undefined;
  visit(document, {
    StringValue: (value, _key, parent, _path, ancestors) => {
      if (!unstorable(value.value)) return undefined;
      // `ancestors` stops short of the parent.
      const owner = [...ancestors, parent].findLast(
        (node): node is ASTNode =>
          node !== undefined &&
          'kind' in node &&
          (node.kind === Kind.ARGUMENT || node.kind === Kind.VARIABLE_DEFINITION),
      );
      found =
        owner?.kind === Kind.ARGUMENT
          ? owner.name.value
          : owner?.kind === Kind.VARIABLE_DEFINITION
            ? owner.variable.name.value
            : '';
      return BREAK;
    },
  });
  return found ?? findInVariables(variables, '');
}

function findInVariables(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return unstorable(value) ? path : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, item] of Object.entries(value)) {
    // A bad key is named by the object holding it: echoing it back would be as bad as storing it.
    if (unstorable(key)) return path;
    const at = path ? `${path}.${key}` : key;
    const found = findInVariables(item, at);
    if (found !== undefined) return found;
  }
  return undefined;
}
