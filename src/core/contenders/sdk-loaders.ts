/**
 * The providers' client libraries, each imported on first use and then kept (issue 9: load heavy
 * SDKs only when used). Importing the contenders registers every provider, but a process that
 * never draws from a provider (`duel --help`, a board, a set-up with only local models) never
 * loads its SDK. openai.ts keeps its own loader beside the one provider that uses it.
 */
export type OllamaModule = typeof import('ollama');
export type AnthropicModule = typeof import('@anthropic-ai/sdk');

let ollama: Promise<OllamaModule> | undefined;
let anthropic: Promise<AnthropicModule> | undefined;

/** The `ollama` client library, imported once. */
export function loadOllama(): Promise<OllamaModule> {
  return (ollama ??= import('ollama'));
}

/** `@anthropic-ai/sdk`, imported once. */
export function loadAnthropic(): Promise<AnthropicModule> {
  return (anthropic ??= import('@anthropic-ai/sdk'));
}
