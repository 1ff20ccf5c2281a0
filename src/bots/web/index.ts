export { startWebServer, createWebApp, type WebServer, type WebServerDeps, type WebStore } from './server.js';
export { DEFAULT_WEB_HOST, DEFAULT_WEB_PORT, type WebConfig } from './config.js';
export { createArenaMetrics, type ArenaMetrics } from './metrics.js';
