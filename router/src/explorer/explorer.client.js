// Boots GraphiQL in the browser. Plain JavaScript: the browser runs it as served.
/* global React, ReactDOM, GraphiQL, graphqlWs */
(function () {
  const h = React.createElement;
  const root = document.getElementById('explorer');
  const graphqlPath = root.dataset.graphqlPath;
  const httpUrl = new URL(graphqlPath, window.location.href).toString();
  const wsUrl = httpUrl.replace(/^http/, 'ws');
  // client-ops' Login, RefreshSession and Logout, as published: in production the only things a caller without a token may run.
  const operations = JSON.parse(document.getElementById('explorer-sign-in').textContent);

  // ---------------------------------------------------------------------------------------------
  // The session, as the web app keeps it (web/src/auth/session.ts): the access token (15 minutes)
  // and the rotating refresh token in localStorage; refreshed a minute before expiry, one refresh
  // at a time, and a rotation made by another tab adopted rather than repeated (a spent refresh
  // token presented again after the server's grace period revokes the whole family).
  const SESSION_KEY = 'showstream.explorer.session';
  const REFRESH_AHEAD_MS = 60000;
  const listeners = new Set();
  let session = read();
  let refreshing = null;
  let refreshTimer;
  /** Whether the last request's Authorization came from the Headers tab rather than the session. */
  let headerOverride = false;

  function read() {
    try {
      return JSON.parse(localStorage.getItem(SESSION_KEY) || 'null');
    } catch {
      return null;
    }
  }

  function publish(next, persist) {
    const rotated = session && next && session.user.id === next.user.id && session.accessToken !== next.accessToken;
    session = next;
    if (persist !== false) {
      if (next) localStorage.setItem(SESSION_KEY, JSON.stringify(next));
      else localStorage.removeItem(SESSION_KEY);
    }
    scheduleRefresh();
    // The router closes a socket when its token expires: reconnect with the new one before that.
    if (rotated || !next) wsClient.terminate();
    listeners.forEach((listener) => listener());
  }

  window.addEventListener('storage', (event) => {
    if (event.key === SESSION_KEY) publish(read(), false);
  });

  function scheduleRefresh() {
    clearTimeout(refreshTimer);
    if (!session) return;
    const due = Date.parse(session.accessTokenExpiresAt) - REFRESH_AHEAD_MS - Date.now();
    refreshTimer = setTimeout(refresh, Math.max(due, 1000));
  }

  async function post(operationName, query, variables) {
    const response = await fetch(httpUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ operationName, query, variables }),
    });
    return response.json();
  }

  /** Rotates the refresh token; a refused one (expired, revoked, reused) ends the session. */
  function refresh() {
    refreshing =
      refreshing ||
      (async () => {
        const before = session;
        if (!before) return null;
        try {
          const result = await post('RefreshSession', operations.refresh, { refreshToken: before.refreshToken });
          const latest = read();
          if (result.data && result.data.refreshToken) publish(result.data.refreshToken);
          else if (latest && latest.refreshToken !== before.refreshToken) publish(latest, false);
          else if (
            (result.errors || []).some((error) => error.extensions && error.extensions.code === 'UNAUTHENTICATED')
          )
            publish(null);
        } catch {
          // Offline, or the router is restarting: keep the session and try again shortly.
          clearTimeout(refreshTimer);
          refreshTimer = setTimeout(refresh, 10000);
        } finally {
          refreshing = null;
        }
        return session;
      })();
    return refreshing;
  }

  /** A valid access token, refreshed first when it is about to expire; null when signed out. */
  async function accessToken() {
    if (!session) return null;
    if (Date.parse(session.accessTokenExpiresAt) - Date.now() > REFRESH_AHEAD_MS / 2) return session.accessToken;
    const fresh = await refresh();
    return fresh ? fresh.accessToken : null;
  }

  async function signOut() {
    const refreshToken = session && session.refreshToken;
    publish(null);
    if (refreshToken) await post('Logout', operations.logout, { refreshToken }).catch(() => undefined);
  }

  /** An AuthPayload anywhere at the top of a result (login, register, refreshToken, loginWithProvider). */
  function sessionIn(result) {
    if (!result || typeof result !== 'object' || !result.data) return null;
    return (
      Object.values(result.data).find(
        (value) =>
          value &&
          typeof value === 'object' &&
          value.accessToken &&
          value.refreshToken &&
          value.accessTokenExpiresAt &&
          value.user,
      ) || null
    );
  }

  // ---------------------------------------------------------------------------------------------
  // Requests: the session's token goes into every request, unless the Headers tab sets its own.
  const wsClient = graphqlWs.createClient({
    url: wsUrl,
    lazy: true,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    connectionParams: async () => {
      const token = await accessToken();
      return token ? { authorization: 'Bearer ' + token } : {};
    },
  });

  function createFetcher() {
    // Single JSON answers (the gateway streams none), so a sign-in's result can be read here.
    const fetcher = GraphiQL.createFetcher({ url: httpUrl, wsClient, enableIncrementalDelivery: false });
    return async function (params, options) {
      const headers = Object.assign({}, options && options.headers);
      headerOverride = Object.keys(headers).some((name) => name.toLowerCase() === 'authorization');
      if (!headerOverride) {
        const token = await accessToken();
        if (token) headers.Authorization = 'Bearer ' + token;
      }
      const result = await fetcher(params, Object.assign({}, options, { headers }));
      const signedIn = sessionIn(result);
      if (signedIn) publish(signedIn);
      return result;
    };
  }

  // ---------------------------------------------------------------------------------------------
  // The guide: how to sign in and what happens then, beside the editor; open on a first visit and
  // whenever nobody is signed in.
  function subscribe(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }
  const useSession = () => React.useSyncExternalStore(subscribe, () => session);
  const time = (iso) => new Date(iso).toLocaleTimeString();
  const code = (text) => h('code', null, text);

  function Guide() {
    const current = useSession();
    const status = current
      ? h(
          'div',
          { className: 'explorer-session', 'data-testid': 'explorer-session' },
          h('strong', null, 'Signed in as ', current.user.email),
          ' (',
          current.user.role,
          ').',
          h('br'),
          headerOverride
            ? 'Your Headers tab sets Authorization: it replaces the session’s token.'
            : h(
                React.Fragment,
                null,
                'Every request carries ',
                code('Authorization: Bearer …' + current.accessToken.slice(-6)),
                '.',
              ),
          h('br'),
          'Token valid until ',
          time(current.accessTokenExpiresAt),
          '; renewed automatically a minute before.',
          current.user.role === 'USER'
            ? h('p', null, 'As a USER, a production router runs only the web app’s own operations for you.')
            : null,
          h('div', null, h('button', { type: 'button', className: 'graphiql-button', onClick: signOut }, 'Sign out')),
        )
      : h(
          'div',
          { className: 'explorer-session', 'data-testid': 'explorer-session' },
          h('strong', null, 'Not signed in.'),
        );
    return h(
      'div',
      { className: 'explorer-guide' },
      h('div', { className: 'graphiql-doc-explorer-title' }, 'ShowStream explorer'),
      status,
      h(
        'ol',
        null,
        h(
          'li',
          null,
          'The first tab is the sign-in, client-ops’ ',
          code('Login'),
          '. Put your email and password in ',
          h('strong', null, 'Variables'),
          ' under the editor and press ▶ (Ctrl-Enter).',
        ),
        h(
          'li',
          null,
          'The explorer keeps the session: every request gets ',
          code('Authorization: Bearer <access token>'),
          ', and the token is renewed before it expires. Nothing to copy. A header you set in ',
          h('strong', null, 'Headers'),
          ' wins over it.',
        ),
        h(
          'li',
          null,
          'Open a new tab (+) and write any query or mutation; Ctrl-Space completes fields, the ',
          h('strong', null, 'Docs'),
          ' panel lists the schema. Subscriptions run over WebSocket with the same token.',
        ),
      ),
      h(
        'p',
        null,
        'In production the router runs only the web app’s own operations (the sign-in among them) and shows no schema until you are signed in as an ADMIN.',
      ),
    );
  }

  function GuideIcon() {
    return h(
      'svg',
      {
        viewBox: '0 0 24 24',
        width: '1em',
        height: '1em',
        fill: 'none',
        stroke: 'currentColor',
        strokeWidth: 1.5,
        'aria-hidden': 'true',
      },
      h('circle', { cx: 8, cy: 12, r: 4 }),
      h('path', { d: 'M12 12h9M18 12v3M21 12v3' }),
    );
  }
  const guide = { title: 'Sign-in and guide', icon: GuideIcon, content: Guide };
  const plugins = [guide];

  const defaultQuery = [
    '# Sign in: put your email and password in Variables below, then press ▶ (Ctrl-Enter).',
    '# The explorer keeps the session and sends Authorization: Bearer <token> with every request,',
    '# renewing it before it expires. The key icon on the left opens the guide.',
    '',
    operations.document,
    '',
  ].join('\n');
  // GraphiQL's own tab state: none yet means this browser has never opened the explorer.
  const firstVisit = localStorage.getItem('graphiql:tabState') === null;
  const openGuide = firstVisit || !session ? guide : undefined;
  const signInVariables = JSON.stringify(operations.variables, null, 2);

  function Explorer() {
    const current = useSession();
    // A new fetcher when the identity changes: GraphiQL then loads the schema again (refused before an admin signs in).
    const identity = current ? current.user.id + ':' + current.user.role : '';
    const fetcher = React.useMemo(createFetcher, [identity]);
    return h(GraphiQL, {
      fetcher,
      plugins,
      visiblePlugin: openGuide,
      defaultTabs: [{ query: defaultQuery, variables: signInVariables }],
      // GraphiQL 3 fills the variables editor from this prop, not from the first default tab; only on a
      // first visit, since on later ones a `variables` matching no stored tab would open a new tab.
      variables: firstVisit ? signInVariables : undefined,
      defaultEditorToolsVisibility: 'variables',
    });
  }

  scheduleRefresh();
  ReactDOM.createRoot(root).render(h(Explorer));
})();
