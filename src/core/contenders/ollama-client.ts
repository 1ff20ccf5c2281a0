/**
 * The `ollama` client library, imported on first use and then kept (a process that never draws
 * from Ollama never loads it), and the model list a host has, which the contender's check, the
 * host pool and `duel models` all read.
 */
export type OllamaModule = typeof import('ollama');

let sdk: Promise<OllamaModule> | undefined;

/** The `ollama` client library, imported once. */
export function loadOllama(): Promise<OllamaModule> {
  return (sdk ??= import('ollama'));
}

/** The request headers for a host: its Basic auth (from user info in OLLAMA_HOST), if any. */
export function authHeaders(authorization: string | undefined): Record<string, string> | undefined {
  return authorization ? { Authorization: authorization } : undefined;
}

/** The models a host has (`/api/tags`), each by its `name` and its `model`. `authorization`: the host's Basic auth. */
export async function ollamaTags(host: string, fetch: typeof globalThis.fetch, authorization?: string): Promise<Array<{ name: string; model: string }>> {
  const { Ollama } = await loadOllama();
  const { models } = await new Ollama({ host, fetch, headers: authHeaders(authorization) }).list();
  return models;
}

/** Whether a host's model names hold `model`: Ollama stores `qwen3` as `qwen3:latest`. */
export function hasModel(names: ReadonlySet<string>, model: string): boolean {
  return names.has(model) || (!model.includes(':') && names.has(`${model}:latest`));
}
