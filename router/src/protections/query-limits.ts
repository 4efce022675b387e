import { GraphQLError, type ParseOptions, type ValidationContext, type ValidationRule } from 'graphql';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import type { RouterProtectionsConfig } from '@showstream/platform';

type LimitsConfig = Pick<
  RouterProtectionsConfig,
  'QUERY_MAX_DEPTH' | 'QUERY_MAX_ALIASES' | 'QUERY_MAX_DIRECTIVES' | 'QUERY_MAX_COST' | 'QUERY_MAX_TOKENS'
>;

/**
 * graphql-armor's rules throw by default, and a throw escapes graphql-js `validate` (Apollo Server
 * answers it with a 500); reported instead, a refusal is an ordinary validation error
 * (GRAPHQL_VALIDATION_FAILED, HTTP 400) beside any others.
 */
const reportRefusal = {
  propagateOnRejection: false,
  onReject: [
    (context: ValidationContext | null, error: GraphQLError) =>
      context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, ''))),
  ],
};

/**
 * Depth, alias, directive and cost limits as validation rules, for HTTP (Apollo Server's
 * `validationRules`) and WebSocket subscriptions alike. Fragments count where they are spread
 * (`flattenFragments`: a spread adds no level of its own). The `__schema` field is left out of
 * depth and cost — the explorer's introspection query is 15 levels deep through `ofType` — and
 * bounded instead by graphql-js's own MaxIntrospectionDepthRule (part of `specifiedRules`); these
 * versions skip only a *field* named `__schema`, not operations or fragments of that name, which
 * earlier ones let through unmeasured.
 */
export function queryLimitRules(config: LimitsConfig): ValidationRule[] {
  return [
    maxDepthRule({ n: config.QUERY_MAX_DEPTH, flattenFragments: true, ignoreIntrospection: true, ...reportRefusal }),
    maxAliasesRule({ n: config.QUERY_MAX_ALIASES, ...reportRefusal }),
    maxDirectivesRule({ n: config.QUERY_MAX_DIRECTIVES, ...reportRefusal }),
    costLimitRule({
      maxCost: config.QUERY_MAX_COST,
      flattenFragments: true,
      ignoreIntrospection: true,
      ...reportRefusal,
    }),
  ] as ValidationRule[];
}

/**
 * The token limit applies while parsing, before a document is built: graphql-js's parser counts
 * lexer tokens (comments excluded) and aborts past `maxTokens` (GRAPHQL_PARSE_FAILED). It is the
 * same count graphql-armor's max-tokens plugin makes, which plugs into envelop's parse hook; Apollo
 * Server has no such hook but passes `parseOptions` to the parser.
 */
export function queryParseOptions(config: LimitsConfig): ParseOptions {
  return { maxTokens: config.QUERY_MAX_TOKENS };
}
