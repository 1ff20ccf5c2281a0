export { FakeSlack, type FakeFile, type FakeMessage, type FakeSlackOptions, type RecordedCall } from './web-api.js';
export { FakeSocketMode, type SocketAck } from './socket-mode.js';
export { SlackSigner, slackSignature, slashCommandPayload, eventCallback, reactionEvent, blockActionsPayload, type SlashCommandFields } from './signer.js';
