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

  const defaultQuery = [
    '# ShowStream explorer. Sign in, copy accessToken into the Headers tab as',
    '#   { "Authorization": "Bearer <accessToken>" }',
    '# then run anything the supergraph offers.',
    '',
    'mutation SignIn {',
    '  login(email: "admin@showstream.local", password: "ShowStream-admin-1") {',
    '    accessToken',
    '    user { id email role }',
    '  }',
    '}',
    '',
    'query WhoAmI {',
    '  me { id email role }',
    '}',
    '',
  ].join('\n');

  ReactDOM.createRoot(root).render(React.createElement(GraphiQL, { fetcher, defaultQuery, shouldPersistHeaders: true }));
})();
