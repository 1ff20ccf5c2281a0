export { startWebServer, createWebApp, type WebServer, type WebServerDeps } from './server.js';
export { DEFAULT_WEB_HOST, DEFAULT_WEB_PORT, type WebConfig } from './config.js';
