import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** Where `npm run dev` sends GraphQL (HTTP and WebSocket): the router of a running `npm start`. */
const router = process.env.ROUTER_URL ?? `http://127.0.0.1:${process.env.PORT_BASE ?? 4000}`;

export default defineConfig({
  plugins: [react()],
  resolve: {
    // The router's explorer pins React 18 at the repository root; urql must share the app's React 19.
    dedupe: ['react', 'react-dom'],
  },
  build: {
    // SHOWSTREAM_WEB_OUT_DIR lets the launcher build beside the served folder and swap it in whole.
    outDir: process.env.SHOWSTREAM_WEB_OUT_DIR ?? 'dist',
    emptyOutDir: true,
    // Maps for developers, beside the bundle but not referenced from it (and the web server does not serve them).
    sourcemap: 'hidden',
    target: 'es2022',
  },
  server: {
    proxy: { '/graphql': { target: router, ws: true, changeOrigin: true } },
  },
});
