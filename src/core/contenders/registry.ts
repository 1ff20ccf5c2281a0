/**
 * The provider registry: the list of provider modules, one line each. A new provider is one
 * module (see provider.ts and the three below) and one line in PROVIDERS; the config, the
 * queues, the labels and `duel models` all find it here.
 */
import { anthropic } from './anthropic.js';
import { ollama } from './ollama.js';
import { openai } from './openai.js';
import type { ProviderModule, SettingsOf } from './provider.js';
import { isName, splitSpec } from './spec.js';

/** The built-in providers, in the order `duel models` lists them. */
export const PROVIDERS = [
  ollama,
  anthropic,
  openai,
] as const;

type Builtin = (typeof PROVIDERS)[number];

/**
 * Every provider's settings by prefix, as config.ts reads them from the environment
 * (`providers.ollama.hosts`, `providers.openai.servers`). A provider missing from a map handed to
 * `createContender` or `listModels` runs on its defaults.
 */
export type ProviderSettings = { readonly [M in Builtin as M['prefix']]: SettingsOf<M> } & { readonly [prefix: string]: unknown };

const registered = new Map<string, ProviderModule>(PROVIDERS.map((m) => [m.prefix, m as ProviderModule]));

/** Add (or replace) a provider at run time, e.g. a test's own; the built-in ones are in PROVIDERS. */
export function registerProvider(module: ProviderModule): void {
  if (!isName(module.prefix)) throw new Error(`provider prefix "${module.prefix}" must be lower-case letters, digits and dashes`);
  registered.set(module.prefix, module);
}

/** The provider with this prefix, or undefined. */
export function findProvider(prefix: string): ProviderModule | undefined {
  return registered.get(prefix);
}

/** Every provider, built-in ones first, in order. */
export function allProviders(): ProviderModule[] {
  return [...registered.values()];
}

/** Registered provider prefixes, in order. */
export function listProviders(): string[] {
  return [...registered.keys()];
}

/** A provider's settings from the map, or its defaults when the map has none. */
export function settingsFor(module: ProviderModule, providers: Partial<ProviderSettings>): unknown {
  return providers[module.prefix] ?? module.readSettings({}, []);
}

/** A readable default label for a spec, by its provider; an unknown one gets `model (provider)`. */
export function defaultLabel(spec: string): string {
  const parsed = splitSpec(spec);
  if (!parsed) return spec;
  const { provider, model, server } = parsed;
  const module = findProvider(provider);
  if (module?.label && (!server || module.servers)) return module.label(model, server);
  return `${model} (${server ? `${provider}@${server}` : provider})`;
}
