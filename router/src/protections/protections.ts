import type { IncomingMessage } from 'node:http';
import {
  GraphQLError,
  getOperationAST,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ParseOptions,
  type ValidationRule,
} from 'graphql';
import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import type { SubscribePayload } from 'graphql-ws';
import {
  ClientError,
  ErrorCode,
  forbidden,
  loadRouterProtectionsConfig,
  roleAtLeast,
  type Infrastructure,
  type RouterProtectionsConfig,
} from '@showstream/platform';
import type { RouterContext } from '../context.ts';
import { clientAddress } from './client-address.ts';
import { ConnectionCaps } from './connection-caps.ts';
import { usesIntrospection } from './introspection.ts';
import { queryLimitRules, queryParseOptions } from './query-limits.ts';
import { RouterRateLimits, type Caller } from './rate-limits.ts';
import { DEFAULT_MANIFEST_PATH, TrustedOperations, sha256 } from './trusted-operations.ts';

/** A GraphQL error with a code (refusals over WebSocket have no Apollo Server to assign one). */
const coded = (code: string, error: GraphQLError | string) =>
  typeof error === 'string'
    ? new GraphQLError(error, { extensions: { code } })
    : new GraphQLError(error.message, { nodes: error.nodes ?? null, source: error.source ?? null, positions: error.positions ?? null, extensions: { ...error.extensions, code } });

/**
 * Every protection of the router, over HTTP (Apollo Server options and a plugin) and WebSocket
 * (the same checks in `checkSubscription`), in the order a request meets them: body size (router.ts),
 * the request budget, the token limit while parsing, depth/alias/directive/cost limits while
 * validating, then introspection, trusted operations and the strict mutation budgets — all before
 * anything executes.
 */
export class RouterProtections {
  readonly config: RouterProtectionsConfig;
  readonly limits: RouterRateLimits;
  readonly caps: ConnectionCaps;
  readonly #trusted: TrustedOperations | undefined;
  readonly #parseOptions: ParseOptions;
  readonly #rules: ValidationRule[];

  constructor(infra: Pick<Infrastructure, 'config' | 'lifecycle' | 'logger'>, config = loadRouterProtectionsConfig()) {
    this.config = config;
    const manifest = config.TRUSTED_OPERATIONS_MANIFEST ?? DEFAULT_MANIFEST_PATH;
    // Without enforcement the manifest only serves persisted ids, so a development checkout without one still starts.
    this.#trusted = config.TRUSTED_OPERATIONS === 'enforce' ? TrustedOperations.load(manifest) : tryLoad(manifest);
    this.limits = new RouterRateLimits(infra, config);
    this.caps = new ConnectionCaps({ perAddress: config.WS_MAX_CONNECTIONS_PER_IP, perUser: config.WS_MAX_CONNECTIONS_PER_USER });
    this.#parseOptions = queryParseOptions(config);
    this.#rules = queryLimitRules(config);
    infra.logger.info(
      { trustedOperations: config.TRUSTED_OPERATIONS, manifestOperations: this.#trusted?.size ?? 0, introspection: config.INTROSPECTION },
      'router protections ready',
    );
  }

  /** Apollo Server options: the token limit, the document limits, and persisted ids read from the manifest. */
  get apolloOptions() {
    return {
      parseOptions: this.#parseOptions,
      validationRules: this.#rules,
      persistedQueries: { cache: (this.#trusted ?? new TrustedOperations([])).persistedQueryCache() },
      // "Did you mean …" suggestions in validation errors would describe the schema to those who may not introspect it.
      hideSchemaDetailsFromClientErrors: this.config.INTROSPECTION === 'admins',
    };
  }

  /** Checks each resolved HTTP operation (after parsing and validation, before execution). */
  get apolloPlugin(): ApolloServerPlugin<RouterContext> {
    return {
      requestDidStart: async () => ({
        didResolveOperation: async ({ contextValue, document, operation, queryHash }) => {
          if (contextValue.internal || !operation) return;
          await this.checkOperation(contextValue, document, operation, queryHash).catch((error: unknown) => {
            throw asHttpRefusal(error);
          });
        },
      }),
    };
  }

  clientAddress(request: IncomingMessage): string {
    return clientAddress(request, this.config.TRUST_PROXY);
  }

  /** Spends one point of the caller's request budget; over HTTP a refusal is a 429 with Retry-After. */
  async admitHttpRequest(caller: Caller): Promise<void> {
    await this.limits.admitRequest(caller).catch((error: unknown) => {
      throw asHttpRefusal(error);
    });
  }

  /** Introspection, trusted operations and the strict mutation budgets, for one resolved operation. */
  async checkOperation(caller: Caller, document: DocumentNode, operation: OperationDefinitionNode, sourceHash?: string): Promise<void> {
    const admin = caller.principal !== undefined && roleAtLeast(caller.principal.role, 'ADMIN');
    if (!admin && this.config.INTROSPECTION === 'admins' && usesIntrospection(document)) {
      throw forbidden('Introspection is open to admins only; sign in as an admin to use the explorer.');
    }
    if (!admin && this.config.TRUSTED_OPERATIONS === 'enforce' && !this.#trusted!.allows(document, sourceHash)) {
      throw new ClientError(ErrorCode.OPERATION_NOT_ALLOWED, 'This operation is not one of the published operations this API accepts.');
    }
    await this.limits.admitOperation(caller, document, operation);
  }

  /**
   * The WebSocket twin of Apollo Server's pipeline with the checks above: the request budget, a
   * persisted id (`extensions.persistedQuery.sha256Hash` with an empty `query`) or the document,
   * parsed under the token limit and validated under the document limits, then `checkOperation`.
   */
  async checkSubscription(schema: GraphQLSchema, payload: SubscribePayload, caller: Caller): Promise<{ document: DocumentNode } | { errors: readonly GraphQLError[] }> {
    try {
      await this.limits.admitRequest(caller);
    } catch (error) {
      return { errors: [error as GraphQLError] };
    }
    const persistedId = payload.query === '' ? persistedQueryId(payload.extensions) : undefined;
    const source = persistedId === undefined ? payload.query : this.#trusted?.body(persistedId);
    if (source === undefined) return { errors: [coded('PERSISTED_QUERY_NOT_FOUND', 'PersistedQueryNotFound')] };
    let document: DocumentNode;
    try {
      document = parse(source, this.#parseOptions);
    } catch (error) {
      return { errors: [coded('GRAPHQL_PARSE_FAILED', error as GraphQLError)] };
    }
    const errors = validate(schema, document, [...specifiedRules, ...this.#rules]);
    if (errors.length > 0) return { errors: errors.map((error) => coded('GRAPHQL_VALIDATION_FAILED', error)) };
    const operation = getOperationAST(document, payload.operationName);
    if (!operation) return { errors: [coded('BAD_REQUEST', 'Name the operation to run (operationName).')] };
    try {
      await this.checkOperation(caller, document, operation, persistedId ?? sha256(source));
    } catch (error) {
      return { errors: [error as GraphQLError] };
    }
    return { document };
  }
}

function tryLoad(path: string): TrustedOperations | undefined {
  try {
    return TrustedOperations.load(path);
  } catch {
    return undefined;
  }
}

function persistedQueryId(extensions: Record<string, unknown> | null | undefined): string | undefined {
  const persisted = extensions?.persistedQuery as { sha256Hash?: unknown } | undefined;
  return typeof persisted?.sha256Hash === 'string' ? persisted.sha256Hash : undefined;
}

/** HTTP statuses for refusals of a whole request: 429 with Retry-After when over a budget, 400 for an operation not allowed. */
function asHttpRefusal(error: unknown): unknown {
  if (!(error instanceof GraphQLError)) return error;
  const { code, retryAfterSeconds } = error.extensions;
  if (code === ErrorCode.RATE_LIMITED) {
    const http = { status: 429, headers: new HeaderMap([['retry-after', String(retryAfterSeconds)]]) };
    return new GraphQLError(error.message, { extensions: { ...error.extensions, http } });
  }
  if (code === ErrorCode.OPERATION_NOT_ALLOWED) return new GraphQLError(error.message, { extensions: { ...error.extensions, http: { status: 400 } } });
  return error;
}
