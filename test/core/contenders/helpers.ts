/**
 * Test helpers for the contender suites: option builders and provider settings pointing at the
 * fakes, a free closed port, and a progress recorder.
 */
import { createServer } from 'node:net';
import type { AnthropicSettings, ContenderOptions, OllamaSettings, OpenAIServer, OpenAISettings } from '../../../src/core/contenders/index.js';
import type { DrawProgress } from '../../../src/core/model/types.js';

export const OLLAMA_MODEL = 'qwen3.6:35b-a3b';
export const CLAUDE_MODEL = 'claude-opus-4-7';
export const OPENAI_MODEL = 'gpt-5.1';

/** The default OpenAI-compatible server at `baseUrl` (a fake's url, which ends in /v1). */
export function openaiServer(baseUrl: string, apiKey?: string, name = ''): OpenAIServer {
  const v = name ? `OPENAI_${name.toUpperCase().replace(/-/g, '_')}_` : 'OPENAI_';
  return { name, baseUrl, ...(apiKey ? { apiKey } : {}), baseUrlVariable: `${v}BASE_URL`, apiKeyVariable: `${v}API_KEY` };
}

/** Ollama settings for these hosts (as if OLLAMA_HOST named them). */
export function ollamaAt(...hosts: string[]): OllamaSettings {
  return { hosts, hostSet: true };
}

/** Anthropic settings for the API at `baseUrl`, with the key the fake accepts. */
export function anthropicAt(baseUrl: string, apiKey: string | undefined = 'fake-key'): AnthropicSettings {
  return { baseUrl, ...(apiKey ? { apiKey } : {}) };
}

/** OpenAI settings with these servers (`''` is the default one). */
export function openaiAt(servers: Record<string, OpenAIServer>): OpenAISettings {
  return { servers };
}

/** Draw options with generous deadlines; tests override what they exercise. Provider settings go beside them. */
export function baseOptions(spec: string, over: Partial<ContenderOptions> = {}): ContenderOptions {
  const colon = spec.indexOf(':');
  return {
    spec,
    model: spec.slice(colon + 1),
    label: spec.startsWith('ollama:') ? 'Qwen3.6-35B-A3B (local)' : spec.startsWith('openai') ? 'GPT-5.1' : 'Claude Opus 4.7',
    thinking: false,
    totalTimeoutMs: 20_000,
    idleTimeoutMs: 10_000,
    maxTokens: 32_000,
    maxRetries: 0,
    ...over,
  };
}

/** A port on 127.0.0.1 that nobody listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

export function recorder(): { events: DrawProgress[]; onProgress: (p: DrawProgress) => void } {
  const events: DrawProgress[] = [];
  return { events, onProgress: (p) => events.push({ ...p }) };
}

/** Wait until `cond()` holds (polling), failing after `ms`. */
export async function waitFor(cond: () => boolean, ms = 5_000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > ms) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
