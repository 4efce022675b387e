// For @graphql-eslint (eslint.config.js): client-ops' operations are checked against the composed supergraph.
export default {
  projects: {
    clientOps: { schema: 'schema/supergraph.graphql', documents: 'client-ops/*.graphql' },
    subgraphs: { include: 'subgraphs/*/schema.graphql' },
  },
};
