import { createRequire } from 'node:module';
import path from 'node:path';
import express, { type Router } from 'express';
import manifest from '@showstream/client-ops/persisted-operations.json' with { type: 'json' };

const require = createRequire(import.meta.url);
/** Resolves a file inside a package whose `exports` map does not list it (React's UMD builds). */
const packageFile = (name: string, file: string) =>
  path.join(path.dirname(require.resolve(`${name}/package.json`)), file);

/**
 * Assets come from our own node_modules, never a CDN: admins must be able to use the explorer
 * on a network with no internet access (the stock Apollo landing page cannot).
 */
const ASSETS: Record<string, { file: string; type: string }> = {
  'react.js': { file: packageFile('react', 'umd/react.production.min.js'), type: 'text/javascript' },
  'react-dom.js': { file: packageFile('react-dom', 'umd/react-dom.production.min.js'), type: 'text/javascript' },
  'graphiql.js': { file: packageFile('graphiql', 'graphiql.min.js'), type: 'text/javascript' },
  'graphiql.css': { file: packageFile('graphiql', 'graphiql.min.css'), type: 'text/css' },
  'graphql-ws.js': { file: packageFile('graphql-ws', 'umd/graphql-ws.min.js'), type: 'text/javascript' },
  'explorer.js': { file: new URL('./explorer.client.js', import.meta.url).pathname, type: 'text/javascript' },
};

const manifestBody = (name: string) => {
  const operation = manifest.operations.find((candidate) => candidate.name === name);
  if (!operation) throw new Error(`client-ops has no ${name} operation; run npm run compose`);
  return operation.body;
};

/** The embedded default's first super admin (README), offered in the sign-in variables outside production only. */
const EMBEDDED_ADMIN = { email: 'admin@showstream.local', password: 'ShowStream-admin-1' };

/**
 * The explorer opens on client-ops' own Login operation, and refreshes and signs out with
 * client-ops' RefreshSession and Logout: in production the router accepts only manifest operations
 * until the admin has signed in, so these documents must be the manifest's.
 * A JSON script block is data, not code, so the page's CSP (scripts from this origin only) allows it.
 */
const signInData = (production: boolean) =>
  JSON.stringify({
    document: manifestBody('Login'),
    refresh: manifestBody('RefreshSession'),
    logout: manifestBody('Logout'),
    variables: production ? { email: '', password: '' } : EMBEDDED_ADMIN,
  }).replaceAll('<', '\\u003c');

const page = (title: string, graphqlPath: string, signIn: string) => `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="icon" href="data:,">
  <title>${title}</title>
  <link rel="stylesheet" href="/explorer/assets/graphiql.css">
  <style>
    body { margin: 0; height: 100vh; } #explorer { height: 100vh; }
    .explorer-guide { font-size: var(--font-size-body); line-height: 1.5; }
    .explorer-guide ol { padding-left: 1.2em; } .explorer-guide li { margin-bottom: 0.5em; }
    .explorer-guide code { font-size: 0.9em; overflow-wrap: anywhere; }
    .explorer-session { border: 1px solid hsla(var(--color-neutral), var(--alpha-background-heavy)); border-radius: var(--border-radius-8); padding: var(--px-8) var(--px-12); margin: var(--px-12) 0; }
    .explorer-session button { margin-top: var(--px-8); }
  </style>
</head>
<body>
  <div id="explorer" data-graphql-path="${graphqlPath}">Loading the explorer…</div>
  <script type="application/json" id="explorer-sign-in">${signIn}</script>
  <script src="/explorer/assets/react.js"></script>
  <script src="/explorer/assets/react-dom.js"></script>
  <script src="/explorer/assets/graphql-ws.js"></script>
  <script src="/explorer/assets/graphiql.js"></script>
  <script src="/explorer/assets/explorer.js"></script>
</body>
</html>`;

/**
 * Serves GraphiQL at /explorer: queries and mutations over HTTP, subscriptions over graphql-ws, both
 * on `graphqlPath`, signed in with the admin's own session (explorer.client.js).
 */
export function createExplorerRouter(options: { graphqlPath: string; production: boolean; title?: string }): Router {
  const router = express.Router();
  const html = page(options.title ?? 'ShowStream explorer', options.graphqlPath, signInData(options.production));
  router.get('/explorer', (_req, res) => {
    res
      .set(
        'Content-Security-Policy',
        // GraphiQL sets inline styles; scripts come only from this origin.
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self' ws: wss:; frame-ancestors 'none'",
      )
      .type('html')
      .send(html);
  });
  router.get('/explorer/assets/:name', (req, res) => {
    const asset = ASSETS[req.params.name];
    if (!asset) return res.status(404).end();
    res.type(asset.type).set('Cache-Control', 'public, max-age=86400').sendFile(asset.file);
  });
  return router;
}
