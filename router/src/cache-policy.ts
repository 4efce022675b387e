import type { ApolloServerPlugin } from '@apollo/server';
import type { RouterContext } from './context.ts';

/**
 * Request headers an answer depends on: who asks (`Authorization`) and which JSON media type
 * they accept (Apollo Server answers `application/graphql-response+json` to those who prefer it).
 * The compression middleware adds `Accept-Encoding` itself.
 */
export const GRAPHQL_VARY = 'Authorization, Accept';

/**
 * Who may keep an answer. How long comes from the subgraphs, through the gateway: catalog's
 * `@cacheControl` hints make public catalogue reads cacheable for a minute, and any field without
 * a hint (every other subgraph's) makes the whole answer `no-store`. On top of that, an answer to
 * a signed-in caller is private (it may differ by viewer: admins see archived events), and a
 * mutation's is never cached.
 */
export const cachePolicyPlugin: ApolloServerPlugin<RouterContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue, operation, overallCachePolicy }) {
        if (operation?.operation !== 'query') overallCachePolicy.restrict({ maxAge: 0 });
        if (contextValue.principal) overallCachePolicy.restrict({ scope: 'PRIVATE' });
      },
    };
  },
};
