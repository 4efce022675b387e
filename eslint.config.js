// ESLint lints the GraphQL documents only (oxlint lints TypeScript, see .oxlintrc.json):
// the subgraph schemas, and client-ops' operations against the composed supergraph.
import graphql from '@graphql-eslint/eslint-plugin';

export default [
  {
    files: ['subgraphs/*/schema.graphql'],
    languageOptions: { parser: graphql.parser },
    plugins: { '@graphql-eslint': graphql },
    rules: {
      '@graphql-eslint/no-hashtag-description': 'error',
      '@graphql-eslint/naming-convention':
        graphql.configs['flat/schema-recommended'].rules['@graphql-eslint/naming-convention'],
      '@graphql-eslint/unique-enum-value-names': 'error',
      '@graphql-eslint/require-deprecation-reason': 'error',
      '@graphql-eslint/unique-field-definition-names': 'error',
    },
  },
  {
    files: ['client-ops/*.graphql'],
    languageOptions: { parser: graphql.parser },
    plugins: { '@graphql-eslint': graphql },
    rules: graphql.configs['flat/operations-recommended'].rules,
  },
];
