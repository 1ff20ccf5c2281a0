/** The Discord adapter: start the bot, register its slash commands. */
export { startDiscordBot, type DiscordBot } from './bot.js';
export { registerDiscordCommands, commandDefinitions, type RegisterResult } from './commands.js';
export { inviteUrl, INVITE_PERMISSIONS, REQUIRED_PERMISSIONS, type DiscordConfig } from './config.js';
export { TOKEN_REJECTED } from './errors.js';
