import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { Kind, OperationTypeNode, parse, print, type DocumentNode } from 'graphql';
import federation from '@apollo/federation-internals';
import * as operations from '@showstream/client-ops';
import manifest from '@showstream/client-ops/persisted-operations.json' with { type: 'json' };

const supergraphSdl = readFileSync(new URL('../supergraph.graphql', import.meta.url), 'utf8');
const documents = operations as unknown as Record<string, DocumentNode>;

describe('client-ops', () => {
  it('publishes every operation in the manifest under the SHA-256 of its body', () => {
    expect(manifest.format).toBe('apollo-persisted-query-manifest');
    expect(manifest.operations.length).toBeGreaterThan(60);
    for (const operation of manifest.operations) {
      expect(operation.id).toBe(createHash('sha256').update(operation.body).digest('hex'));
    }
    expect(new Set(manifest.operations.map((operation) => operation.id)).size).toBe(manifest.operations.length);
  });

  it('generates one typed document per operation that prints exactly as its manifest body', () => {
    // A front end sending the generated document sends a body the router finds in the manifest.
    const generated = Object.keys(documents).filter((name) => name.endsWith('Document'));
    expect(generated.sort()).toEqual(manifest.operations.map((operation) => `${operation.name}Document`).sort());
    for (const operation of manifest.operations) {
      expect(print(documents[`${operation.name}Document`]!)).toBe(operation.body);
    }
  });

  it('has an operation for every root field of the API, so each flow of API.md is covered', () => {
    const api = federation.Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
    const used = new Set(
      manifest.operations.flatMap((operation) =>
        parse(operation.body).definitions.flatMap((definition) =>
          definition.kind === Kind.OPERATION_DEFINITION
            ? definition.selectionSet.selections.flatMap((selection) =>
                selection.kind === Kind.FIELD ? [`${definition.operation} ${selection.name.value}`] : [],
              )
            : [],
        ),
      ),
    );
    const rootFields = [OperationTypeNode.QUERY, OperationTypeNode.MUTATION, OperationTypeNode.SUBSCRIPTION].flatMap(
      (operation) => Object.keys(api.getRootType(operation)?.getFields() ?? {}).map((field) => `${operation} ${field}`),
    );
    expect(rootFields.filter((field) => !used.has(field))).toEqual([]);
  });
});
