export { startWebServer, type WebServerOptions } from './web-server.ts';
export { ensureWebBuilt } from './build.ts';
