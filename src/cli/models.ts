/**
 * `duel models`: what every configured provider offers right now, which of those are contenders,
 * and which contenders their provider does not offer. A provider that is down gets one line
 * saying why; the others are still listed. Exit 0 when every provider answered, else 1.
 */
import type { Config } from '../core/config/config.js';
import { listModels, type ProviderModels } from '../core/contenders/model-list.js';
import { defaultLabel } from '../core/contenders/registry.js';
import { out, parse, UsageError } from './args.js';

const USAGE = 'duel models [--json]';

/** The lines people read: one header per provider/server, one line per model, `*` for a contender. */
export function formatModels(list: ProviderModels[], labels: Map<string, string>): string[] {
  const lines: string[] = [];
  for (const p of list) {
    if (!p.ok) {
      lines.push(`${p.provider} at ${p.server}: ${p.error}`);
    } else {
      lines.push(`${p.provider} at ${p.server}: ${p.models.length} model${p.models.length === 1 ? '' : 's'}`);
      for (const m of p.models) lines.push(`  ${m.contender ? '*' : ' '} ${m.spec}${m.contender ? `  (contender: ${labels.get(m.spec) ?? m.spec})` : ''}`);
    }
    for (const spec of p.missing) lines.push(`  ! ${spec} is a contender but ${p.server} does not offer it`);
  }
  if (!list.length) lines.push('no providers are configured: set DUEL_CONTENDERS (see README.md)');
  else lines.push('', '* = a contender in DUEL_CONTENDERS; copy any spec above into it to add a model');
  return lines;
}

export async function modelsCommand(argv: string[], config: Config): Promise<number> {
  const { values, positionals } = parse(argv, { json: { type: 'boolean' } }, USAGE);
  if (positionals.length) throw new UsageError(`unexpected "${positionals[0]}"\nusage: ${USAGE}`);
  const list = await listModels(config);
  if (values.json) out(JSON.stringify({ providers: list }));
  else {
    const labels = new Map(config.contenders.map((c) => [c.spec, c.label ?? defaultLabel(c.spec)]));
    for (const line of formatModels(list, labels)) out(line);
  }
  return list.every((p) => p.ok) ? 0 : 1;
}
