export { startSlackApp, type SlackAppHandle, type SlackDeps } from './start-slack-app.js';
export { SLACK_DEFAULTS, type SlackConfig } from './slack-config.js';
