import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, print, visit, type DocumentNode } from 'graphql';
import { ConfigError } from '@showstream/platform';

/** client-ops' generated manifest (`npm run compose`), the default list of trusted operations. */
export const DEFAULT_MANIFEST_PATH = fileURLToPath(
  new URL('../../../client-ops/generated/persisted-operations.json', import.meta.url),
);

interface ManifestOperation {
  id: string;
  name: string;
  type: string;
  body: string;
}

/** A manifest id: the SHA-256 of the document as sent, in hex (what Apollo clients put in `persistedQuery.sha256Hash`). */
export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * A document in a form that survives what standard clients do to it: `__typename` selections
 * (urql and Apollo Client add them to every selection set) are dropped, and definitions are
 * compared in any order. Anything else — another field, argument, alias, directive or variable —
 * makes a different operation.
 */
export function canonicalDocument(document: DocumentNode): string {
  const withoutTypename = visit(document, {
    Field: (field) => (field.name.value === '__typename' && !field.alias ? null : undefined),
  });
  return withoutTypename.definitions
    .map((definition) => print(definition))
    .sort()
    .join('\n\n');
}

/**
 * The persisted-operation manifest (Apollo's `apollo-persisted-query-manifest` format, id =
 * SHA-256 of the body): the operations ordinary callers may run in production, by id or by
 * sending a document identical to a body.
 */
export class TrustedOperations {
  readonly #bodies = new Map<string, string>();
  readonly #canonical = new Set<string>();

  constructor(operations: readonly ManifestOperation[]) {
    for (const operation of operations) {
      this.#bodies.set(operation.id, operation.body);
      this.#canonical.add(canonicalDocument(parse(operation.body)));
    }
  }

  /** Reads and checks a manifest; a missing or inconsistent one stops the router from starting. */
  static load(path: string): TrustedOperations {
    if (!existsSync(path))
      throw new ConfigError(`The persisted-operation manifest ${path} does not exist (npm run compose generates it).`);
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as {
      format?: unknown;
      version?: unknown;
      operations?: ManifestOperation[];
    };
    if (
      manifest.format !== 'apollo-persisted-query-manifest' ||
      manifest.version !== 1 ||
      !Array.isArray(manifest.operations)
    ) {
      throw new ConfigError(`${path} is not an apollo-persisted-query-manifest, version 1.`);
    }
    for (const operation of manifest.operations) {
      if (typeof operation.body !== 'string' || operation.id !== sha256(operation.body)) {
        throw new ConfigError(
          `${path}: operation ${String(operation.name)} has an id that is not the SHA-256 of its body.`,
        );
      }
    }
    return new TrustedOperations(manifest.operations);
  }

  get size(): number {
    return this.#bodies.size;
  }

  /** The document a persisted id stands for. */
  body(id: string): string | undefined {
    return this.#bodies.get(id);
  }

  /** Whether `document` is a manifest operation; `sourceHash` (SHA-256 of the text as received) spares the comparison for exact bodies. */
  allows(document: DocumentNode, sourceHash?: string): boolean {
    return (
      (sourceHash !== undefined && this.#bodies.has(sourceHash)) || this.#canonical.has(canonicalDocument(document))
    );
  }

  /**
   * Apollo Server's persisted-query (APQ) cache, backed by the manifest and read-only: a known id
   * resolves to its body, an unknown one is PERSISTED_QUERY_NOT_FOUND, and the "register" half of
   * APQ (a document sent with its hash) stores nothing, so clients can never add to the list.
   */
  persistedQueryCache() {
    return {
      // Apollo Server prefixes its APQ keys (`apq:<sha256>`); the manifest knows bare hashes.
      get: async (key: string) => this.#bodies.get(key.slice(key.lastIndexOf(':') + 1)),
      set: async () => undefined,
      delete: async () => false,
    };
  }
}
