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
import { HeaderMap, type ApolloServerPlugin, type GraphQLRequest } from '@apollo/server';
import { ApolloServerErrorCode } from '@apollo/server/errors';
import type { SubscribePayload } from 'graphql-ws';
import {
  ClientError,
  ErrorCode,
  badInput,
  forbidden,
  loadRouterProtectionsConfig,
  roleAtLeast,
  type Infrastructure,
  type RouterProtectionsConfig,
} from '@showstream/platform';
import type { RouterContext } from '../context.ts';
import { clientAddress } from './client-address.ts';
import { ConnectionCaps } from './connection-caps.ts';
import { usesIntrospection, withoutSchemaHints } from './introspection.ts';
import { queryLimitRules, queryParseOptions } from './query-limits.ts';
import { RouterRateLimits, type Caller } from './rate-limits.ts';
import { findUnstorableString } from './string-arguments.ts';
import { DEFAULT_MANIFEST_PATH, TrustedOperations, sha256 } from './trusted-operations.ts';

/** A GraphQL error with a code (refusals over WebSocket have no Apollo Server to assign one). */
const coded = (code: string, error: GraphQLError | string) =>
  typeof error === 'string'
    ? new GraphQLError(error, { extensions: { code } })
    : new GraphQLError(error.message, {
        nodes: error.nodes ?? null,
        source: error.source ?? null,
        positions: error.positions ?? null,
        extensions: { ...error.extensions, code },
      });

/** What `checkOperation` looks at: the parsed and validated document, and what the client sent with it. */
export interface OperationRequest {
  document: DocumentNode;
  /** The operation `operationName` picks; undefined when the request names none that exists, or names none among several. */
  operation: OperationDefinitionNode | undefined;
  operationName?: string | null | undefined;
  variables?: Record<string, unknown> | null | undefined;
  /** SHA-256 of the document's text as received. */
  sourceHash?: string | undefined;
}

/**
 * Every protection of the router, over HTTP (Apollo Server options and a plugin) and WebSocket
 * (the same checks in `checkSubscription`), in the order a request meets them: body size (router.ts),
 * the request budget, the token limit while parsing, depth/alias/directive/cost limits while
 * validating, then introspection, trusted operations, an operation to run, storable strings and the
 * strict mutation budgets — all before anything executes. Errors leave through `errorsFor`, which
 * keeps "Did you mean …" hints from those who may not introspect.
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
    this.caps = new ConnectionCaps({
      perAddress: config.WS_MAX_CONNECTIONS_PER_IP,
      perUser: config.WS_MAX_CONNECTIONS_PER_USER,
    });
    this.#parseOptions = queryParseOptions(config);
    this.#rules = queryLimitRules(config);
    infra.logger.info(
      {
        trustedOperations: config.TRUSTED_OPERATIONS,
        manifestOperations: this.#trusted?.size ?? 0,
        introspection: config.INTROSPECTION,
      },
      'router protections ready',
    );
  }

  /** Apollo Server options: the token limit, the document limits, and persisted ids read from the manifest. */
  get apolloOptions() {
    return {
      parseOptions: this.#parseOptions,
      validationRules: this.#rules,
      persistedQueries: { cache: (this.#trusted ?? new TrustedOperations([])).persistedQueryCache() },
    };
  }

  /**
   * Checks every HTTP operation after parsing and validation, before execution, whether or not it
   * resolves to an operation; refusals get their HTTP status. Errors reach the caller through `errorsFor`.
   */
  get apolloPlugin(): ApolloServerPlugin<RouterContext> {
    return {
      requestDidStart: async () => ({
        didResolveOperation: async ({ contextValue, document, operation, request, queryHash }) => {
          if (contextValue.internal) return;
          await this.checkOperation(contextValue, {
            document,
            operation,
            operationName: request.operationName,
            variables: request.variables,
            sourceHash: queryHash,
          }).catch((error: unknown) => {
            throw asHttpRefusal(error);
          });
        },
        didEncounterErrors: async ({ request, errors }) => {
          // Apollo Server refuses an APQ hash that is not its query's with status 400 but no code,
          // which would be logged and answered as our own fault: it is the client's, BAD_REQUEST.
          if (!hashMismatch(request)) return;
          for (const error of errors) error.extensions.code ??= ApolloServerErrorCode.BAD_REQUEST;
        },
        willSendResponse: async ({ contextValue, response }) => {
          if (contextValue.internal || response.body.kind !== 'single' || !response.body.singleResult.errors) return;
          response.body.singleResult.errors = this.errorsFor(contextValue, response.body.singleResult.errors);
        },
      }),
    };
  }

  /**
   * Errors as `caller` may see them, over HTTP and WebSocket alike: "Did you mean …" suggestions
   * in validation and variable errors describe the schema, so only those who may introspect get them.
   */
  errorsFor<E extends { message: string }>(caller: Caller, errors: readonly E[]): E[] {
    return this.#maySeeSchema(caller) ? [...errors] : errors.map(withoutSchemaHints);
  }

  #maySeeSchema(caller: Caller): boolean {
    return this.config.INTROSPECTION !== 'admins' || isAdmin(caller);
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

  /**
   * Introspection, trusted operations, an operation to run, storable strings and the strict mutation
   * budgets, for one request — resolvable or not, so a document naming no operation it holds is
   * refused here as the client's mistake rather than failing in the gateway.
   */
  async checkOperation(caller: Caller, request: OperationRequest): Promise<void> {
    const { document, operation } = request;
    const admin = isAdmin(caller);
    if (!admin && this.config.INTROSPECTION === 'admins' && usesIntrospection(document)) {
      throw forbidden('Introspection is open to admins only; sign in as an admin to use the explorer.');
    }
    if (
      !admin &&
      this.config.TRUSTED_OPERATIONS === 'enforce' &&
      !(this.#trusted?.allows(document, request.sourceHash) ?? false)
    ) {
      throw new ClientError(
        ErrorCode.OPERATION_NOT_ALLOWED,
        'This operation is not one of the published operations this API accepts.',
      );
    }
    if (!operation) throw unresolvedOperation(request.operationName);
    const unstorable = findUnstorableString(document, request.variables);
    if (unstorable !== undefined) {
      throw badInput('Text may not contain NUL characters or unpaired UTF-16 surrogates.', unstorable || undefined);
    }
    await this.limits.admitOperation(caller, document, operation);
  }

  /**
   * The WebSocket twin of Apollo Server's pipeline with the checks above: the request budget, a
   * persisted id (`extensions.persistedQuery.sha256Hash` with an empty `query`) or the document,
   * parsed under the token limit and validated under the document limits, then `checkOperation`.
   */
  async checkSubscription(
    schema: GraphQLSchema,
    payload: SubscribePayload,
    caller: Caller,
  ): Promise<{ document: DocumentNode } | { errors: readonly GraphQLError[] }> {
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
    const operation = getOperationAST(document, payload.operationName) ?? undefined;
    try {
      await this.checkOperation(caller, {
        document,
        operation,
        operationName: payload.operationName,
        variables: payload.variables,
        sourceHash: persistedId ?? sha256(source),
      });
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

const isAdmin = (caller: Caller) => caller.principal !== undefined && roleAtLeast(caller.principal.role, 'ADMIN');

/** graphql-js's words for a document without the operation a request asks for, under Apollo Server's code for it. */
function unresolvedOperation(operationName: string | null | undefined): GraphQLError {
  const message =
    operationName != null
      ? `Unknown operation named "${operationName}".`
      : 'Must provide operation name if query contains multiple operations.';
  return new GraphQLError(message, { extensions: { code: ApolloServerErrorCode.OPERATION_RESOLUTION_FAILURE } });
}

/** Whether a request registers an APQ document under a hash that is not the document's. */
function hashMismatch(request: GraphQLRequest): boolean {
  const hash = request.extensions?.persistedQuery?.sha256Hash;
  return typeof request.query === 'string' && typeof hash === 'string' && hash !== sha256(request.query);
}

/** The HTTP status of each refusal of a whole request: over a budget 429 with Retry-After, introspection 403, the client's other mistakes 400. */
const REFUSAL_STATUS: Record<string, number> = {
  [ErrorCode.RATE_LIMITED]: 429,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.OPERATION_NOT_ALLOWED]: 400,
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ApolloServerErrorCode.OPERATION_RESOLUTION_FAILURE]: 400,
};

function asHttpRefusal(error: unknown): unknown {
  if (!(error instanceof GraphQLError)) return error;
  const { code, retryAfterSeconds } = error.extensions;
  const status = typeof code === 'string' ? REFUSAL_STATUS[code] : undefined;
  if (status === undefined) return error;
  const headers =
    code === ErrorCode.RATE_LIMITED ? new HeaderMap([['retry-after', String(retryAfterSeconds)]]) : new HeaderMap();
  return new GraphQLError(error.message, { extensions: { ...error.extensions, http: { status, headers } } });
}
