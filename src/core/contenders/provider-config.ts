/**
 * The provider parts of the configuration, read from the environment map that config.ts is
 * given (never from process.env): OpenAI-compatible servers, default and named.
 *
 *   openai:<model>         OPENAI_BASE_URL (default https://api.openai.com/v1), OPENAI_API_KEY
 *   openai@<name>:<model>  OPENAI_<NAME>_BASE_URL (required), OPENAI_<NAME>_API_KEY (optional)
 *
 * `<NAME>` is the name in upper case with dashes as underscores: `openai@my-box:` reads
 * OPENAI_MY_BOX_BASE_URL. Every OPENAI_<NAME>_BASE_URL set is a configured server (`duel models`
 * lists it) even when no contender uses it yet.
 *
 *   OLLAMA_HOST            one Ollama server, or several separated by commas (draws are spread
 *                          over the ones that have the model; see ollama-hosts.ts)
 */
import { ConfigError } from '../model/errors.js';
import { OPENAI_DEFAULT_BASE_URL } from './openai.js';
import type { OpenAIServer } from './registry.js';

type Env = Record<string, string | undefined>;

const NAMED_BASE_URL = /^OPENAI_([A-Z][A-Z0-9_]*)_BASE_URL$/;

function value(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v ? v : undefined;
}

/** `openrouter` -> `OPENAI_OPENROUTER_`; `''` -> `OPENAI_`. */
export function openaiVariablePrefix(server: string): string {
  return server ? `OPENAI_${server.toUpperCase().replace(/-/g, '_')}_` : 'OPENAI_';
}

function httpUrl(variable: string, raw: string): string {
  let ok = false;
  try {
    ok = ['http:', 'https:'].includes(new URL(raw).protocol);
  } catch {
    ok = false;
  }
  if (!ok) {
    throw new ConfigError(`${variable} is "${raw}": use the server's http(s) URL with its API path, such as http://127.0.0.1:8080/v1 or https://openrouter.ai/api/v1.`, variable);
  }
  return raw.replace(/\/+$/, '');
}

function server(env: Env, name: string, fallbackBaseUrl?: string): OpenAIServer {
  const prefix = openaiVariablePrefix(name);
  const baseUrlVariable = `${prefix}BASE_URL`;
  const raw = value(env, baseUrlVariable) ?? fallbackBaseUrl;
  if (raw === undefined) {
    throw new ConfigError(
      `${baseUrlVariable} is not set: DUEL_CONTENDERS names the server openai@${name}; set ${baseUrlVariable} to its OpenAI-compatible URL, such as http://127.0.0.1:8080/v1.`,
      baseUrlVariable,
    );
  }
  const apiKey = value(env, `${prefix}API_KEY`);
  return { name, baseUrl: httpUrl(baseUrlVariable, raw), ...(apiKey ? { apiKey } : {}), baseUrlVariable, apiKeyVariable: `${prefix}API_KEY` };
}

/**
 * The OpenAI-compatible servers: the default (`''`) when a contender uses `openai:` or
 * OPENAI_BASE_URL / OPENAI_API_KEY is set, plus every named server set or used.
 * `usedServers` are the server names in DUEL_CONTENDERS (`''` for `openai:`).
 */
export function parseOpenAIServers(env: Env, usedServers: Iterable<string>): Record<string, OpenAIServer> {
  const names = new Set<string>(usedServers);
  if (value(env, 'OPENAI_BASE_URL') || value(env, 'OPENAI_API_KEY')) names.add('');
  for (const key of Object.keys(env)) {
    const m = NAMED_BASE_URL.exec(key);
    if (m && value(env, key)) names.add(m[1]!.toLowerCase().replace(/_/g, '-'));
  }
  const out: Record<string, OpenAIServer> = {};
  for (const name of names) out[name] = server(env, name, name ? undefined : OPENAI_DEFAULT_BASE_URL);
  return out;
}

export const OLLAMA_DEFAULT_HOST = 'http://127.0.0.1:11434';

/** OLLAMA_HOST: `http://gpu-a:11434,http://gpu-b:11434` -> both, in order; duplicates refused. */
export function parseOllamaHosts(env: Env): string[] {
  const raw = value(env, 'OLLAMA_HOST') ?? OLLAMA_DEFAULT_HOST;
  const hosts = raw.split(',').map((h) => h.trim()).filter(Boolean);
  if (!hosts.length) throw new ConfigError(`OLLAMA_HOST is "${raw}": use an http(s) URL such as http://127.0.0.1:11434, or several separated by commas.`, 'OLLAMA_HOST');
  const out: string[] = [];
  for (const h of hosts) {
    let ok = false;
    try {
      ok = ['http:', 'https:'].includes(new URL(h).protocol);
    } catch {
      ok = false;
    }
    if (!ok) throw new ConfigError(`OLLAMA_HOST has "${h}": use an http(s) URL such as http://127.0.0.1:11434, or several separated by commas.`, 'OLLAMA_HOST');
    const url = h.replace(/\/+$/, '');
    if (out.includes(url)) throw new ConfigError(`OLLAMA_HOST names ${url} twice.`, 'OLLAMA_HOST');
    out.push(url);
  }
  return out;
}
