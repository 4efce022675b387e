// Boots GraphiQL in the browser. Plain JavaScript: the browser runs it as served.
/* global React, ReactDOM, GraphiQL, graphqlWs */
(function () {
  const HEADERS_KEY = 'graphiql:headers';
  const root = document.getElementById('explorer');
  const graphqlPath = root.dataset.graphqlPath;
  const httpUrl = new URL(graphqlPath, window.location.href).toString();
  const wsUrl = httpUrl.replace(/^http/, 'ws');

  /** The token the admin put in the headers editor, sent on connection_init like over HTTP. */
  function authorization() {
    try {
      const headers = JSON.parse(localStorage.getItem(HEADERS_KEY) || '{}');
      return headers.Authorization || headers.authorization || undefined;
    } catch {
      return undefined;
    }
  }

  const wsClient = graphqlWs.createClient({
    url: wsUrl,
    lazy: true,
    connectionParams: () => {
      const value = authorization();
      return value ? { authorization: value } : {};
    },
  });

  const fetcher = GraphiQL.createFetcher({ url: httpUrl, wsClient, headers: { 'content-type': 'application/json' } });

  // client-ops' Login operation, as published: in production it is the one thing a caller without a token may run.
  const signIn = JSON.parse(document.getElementById('explorer-sign-in').textContent);
  const defaultQuery = [
    '# ShowStream explorer. Run Login (with your email and password in Variables), copy',
    '# accessToken into the Headers tab as { "Authorization": "Bearer <accessToken>" },',
    '# then, as an admin, run anything the supergraph offers.',
    '',
    signIn.document,
    '',
  ].join('\n');
  const defaultVariables = JSON.stringify({ email: 'admin@showstream.local', password: 'ShowStream-admin-1' }, null, 2);

  ReactDOM.createRoot(root).render(React.createElement(GraphiQL, { fetcher, defaultQuery, defaultVariables, shouldPersistHeaders: true }));
})();
