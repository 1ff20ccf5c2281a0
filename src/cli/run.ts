/**
 * `duel run "<prompt>" [--a MODEL] [--b MODEL] [--out DIR] [--json]`: one duel from the command line,
 * recorded like any other. --a/--b name contenders by label or spec (either, both or none: the
 * arena picks the rest); they are candidates, not sides, which stay random. Writes duel.png, each
 * side's PNG and SVG, and duel.gif when a drawing animates.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DuelOutcome, DuelProgress } from '../core/model/records.js';
import { DuelRejectedError, type DuelRejectionReason } from '../core/model/errors.js';
import type { Side } from '../core/model/types.js';
import { CLI, cliSentence, out, parse, UsageError } from './args.js';
import type { Engine } from './engine.js';

const USAGE = 'duel run "<prompt>" [--a MODEL] [--b MODEL] [--out DIR] [--json]';
const INPUT_REJECTIONS = new Set<DuelRejectionReason>(['empty-prompt', 'prompt-too-long', 'control-character', 'unknown-contender', 'same-contender']);

/** The progress line: the duel's one state (blind: never per side, even on the CLI's own terminal). */
export function describeProgress(p: DuelProgress): string {
  return p.text;
}

/**
 * The animated composite of a duel whose drawing animates, or undefined for a still duel (or when
 * the GIF failed: the duel keeps its PNG). Core makes it after the vote opened and hands it over as
 * `outcome.animation`, which settles within the GIF budget (DUEL_GIF_TIMEOUT), so `duel run` never
 * exits before its GIF is written.
 */
export async function animatedComposite(outcome: Pick<DuelOutcome, 'images' | 'animation'>): Promise<Buffer | undefined> {
  return outcome.images.animated ?? (await outcome.animation);
}

export async function runCommand(argv: string[], engine: Engine, options: { user: string; dataDir: string }): Promise<number> {
  const { values, positionals } = parse(argv, { a: { type: 'string' }, b: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' } }, USAGE);
  const named = [values.a, values.b].filter((v): v is string => v !== undefined);
  const prompt = positionals.join(' ');

  const tty = process.stderr.isTTY && !values.json;
  let last = '';
  let outcome;
  try {
    outcome = await engine.service.startDuel({
      platform: 'cli',
      community: 'local',
      channel: 'cli',
      author: `cli:${options.user}`,
      prompt,
      contenders: named.length > 0 ? named : undefined,
      onProgress: (p) => {
        const line = describeProgress(p);
        if (line === last) return;
        last = line;
        // On a terminal the line is redrawn in place; elsewhere (pipes, CI) it would only clutter the log.
        if (tty) process.stderr.write(`\r\x1b[2K${line}`);
      },
    });
  } catch (err) {
    // The prompt or the names given are wrong: 2; a cooldown or a full queue: 1 (try again later).
    if (err instanceof DuelRejectedError) throw new UsageError(cliSentence(err.message), INPUT_REJECTIONS.has(err.reason) ? 2 : 1);
    throw err;
  } finally {
    if (tty) process.stderr.write('\n');
  }
  const { duel, entries, images } = outcome;
  const dir = resolve(values.out ?? join(options.dataDir, 'duels', duel.id));
  mkdirSync(dir, { recursive: true });
  const image = join(dir, 'duel.png');
  writeFileSync(image, images.composite);
  const animated = await animatedComposite(outcome);
  const gif = animated ? join(dir, 'duel.gif') : null;
  if (gif) writeFileSync(gif, animated!);
  const contenders = (['A', 'B'] as Side[]).map((side) => {
    const e = entries[side];
    const png = images[side] ? join(dir, `${side}.png`) : null;
    const svg = e.svg ? join(dir, `${side}.svg`) : null;
    if (png) writeFileSync(png, images[side]!);
    if (svg) writeFileSync(svg, e.svg!);
    return { spec: e.spec, label: e.label, side, ok: e.ok, error: e.error, ms: e.ms, svg, png, tokens: e.tokens };
  });
  if (values.json) {
    out(JSON.stringify({ id: duel.id, prompt: duel.prompt, status: duel.status, image, gif, contenders, ...(outcome.error ? { error: outcome.error } : {}) }));
  } else {
    out(`Duel ${duel.id}: ${duel.prompt}`);
    for (const c of contenders) out(c.ok ? `  ${c.side}: drawn in ${((c.ms ?? 0) / 1000).toFixed(1)} s -> ${c.png}` : `  ${c.side}: failed: ${c.error}`);
    out(`  side by side: ${image}`);
    if (gif) out(`  animated: ${gif}`);
    out(
      duel.status === 'open'
        ? `  Vote with: ${CLI} vote ${duel.id} A|B|tie|bad --voter <name>; reveal with: ${CLI} close ${duel.id}`
        : `  No contest: ${outcome.error ?? 'a contender failed'}, so this duel is shown but not rated.`,
    );
  }
  return 0;
}
