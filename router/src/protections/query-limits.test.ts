import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ApolloGateway } from '@apollo/gateway';
import { getIntrospectionQuery, parse, specifiedRules, validate, type GraphQLSchema } from 'graphql';
import { loadRouterProtectionsConfig } from '@showstream/platform';
import { queryLimitRules, queryParseOptions } from './query-limits.ts';
import { DEFAULT_MANIFEST_PATH } from './trusted-operations.ts';

// The production defaults: refusals are tested through the router (router/test/hostile-requests.test.ts);
// here, that the defaults let through everything that must pass.
const config = loadRouterProtectionsConfig({});
const gateway = new ApolloGateway({
  supergraphSdl: readFileSync(new URL('../../../schema/supergraph.graphql', import.meta.url), 'utf8'),
});
let schema: GraphQLSchema;

beforeAll(async () => {
  schema = (await gateway.load()).schema;
});
afterAll(() => gateway.stop());

const problems = (query: string) =>
  validate(schema, parse(query, queryParseOptions(config)), [...specifiedRules, ...queryLimitRules(config)]).map(
    (error) => error.message,
  );

describe('the default query limits', () => {
  const manifest = JSON.parse(readFileSync(DEFAULT_MANIFEST_PATH, 'utf8')) as {
    operations: { name: string; body: string }[];
  };

  it.each(manifest.operations.map((operation) => [operation.name, operation.body]))(
    'let client-ops operation %s through',
    (_name, body) => {
      expect(problems(body)).toEqual([]);
    },
  );

  it.each([
    ['GraphiQL', getIntrospectionQuery({ inputValueDeprecation: true })],
    [
      'the fullest',
      getIntrospectionQuery({
        inputValueDeprecation: true,
        schemaDescription: true,
        directiveIsRepeatable: true,
        specifiedByUrl: true,
        oneOf: true,
      }),
    ],
  ])("let %s introspection query through (the explorer's)", (_label, query) => {
    expect(problems(query)).toEqual([]);
  });

  it('refuse a document one past each limit', () => {
    const nested = (levels: number) =>
      `{ event(id: "1") ${'{ shows { event '.repeat(levels)}{ id }${' } }'.repeat(levels)} }`;
    // event is level 1; each shows { event } adds two; id is the last.
    expect(problems(nested((config.QUERY_MAX_DEPTH - 2) / 2))).toEqual([]);
    expect(problems(nested((config.QUERY_MAX_DEPTH - 2) / 2 + 1))).toEqual([expect.stringMatching(/depth limit/)]);
    const aliases = (count: number) => `{ ${Array.from({ length: count }, (_, i) => `a${i}: cities`).join(' ')} }`;
    expect(problems(aliases(config.QUERY_MAX_ALIASES))).toEqual([]);
    expect(problems(aliases(config.QUERY_MAX_ALIASES + 1))).toEqual([expect.stringMatching(/Aliases limit/)]);
  });
});
