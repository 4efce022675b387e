import { createRequire } from 'node:module';
import path from 'node:path';
import express, { type Router } from 'express';
import manifest from '@showstream/client-ops/persisted-operations.json' with { type: 'json' };

const require = createRequire(import.meta.url);
/** Resolves a file inside a package whose `exports` map does not list it (React's UMD builds). */
const packageFile = (name: string, file: string) => path.join(path.dirname(require.resolve(`${name}/package.json`)), file);

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

/**
 * The explorer opens on client-ops' own Login operation: in production the router accepts only
 * manifest operations until the admin has signed in, so the first document must be one of them.
 * A JSON script block is data, not code, so the page's CSP (scripts from this origin only) allows it.
 */
const signIn = JSON.stringify({ document: manifest.operations.find((operation) => operation.name === 'Login')!.body }).replaceAll('<', '\\u003c');

const page = (title: string, graphqlPath: string) => `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${title}</title>
  <link rel="stylesheet" href="/explorer/assets/graphiql.css">
  <style>body { margin: 0; height: 100vh; } #explorer { height: 100vh; }</style>
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

/** Serves GraphiQL at /explorer: queries and mutations over HTTP, subscriptions over graphql-ws, both on `graphqlPath`. */
export function createExplorerRouter(options: { graphqlPath: string; title?: string }): Router {
  const router = express.Router();
  const html = page(options.title ?? 'ShowStream explorer', options.graphqlPath);
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
