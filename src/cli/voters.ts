/**
 * `duel voters [--flagged] [--json]` and `duel voters --clear <voter> [--by NAME]`: the voters the
 * suspicious-voter test flagged (src/core/ratings/outliers.ts), with the evidence, and an admin's
 * way to clear a flag. Listing runs the test first, so it is always up to date with the votes.
 */
import type { DuelSettings } from '../core/duel/duel-service.js';
import type { Store } from '../core/store/port.js';
import { VoterFlags, type VoterFlag } from '../core/votes/voter-flags.js';
import { CLI, out, parse, UsageError } from './args.js';

const USAGE = 'duel voters [--flagged] [--json] | duel voters --clear <voter> [--by NAME]';

export interface VotersContext {
  store: Store;
  settings: Pick<DuelSettings, 'outlierMinVotes' | 'outlierPValue'>;
  /** spec -> label, to name models in the evidence. */
  labels: Map<string, string>;
  /** Who clears a flag when --by is not given (the OS user). */
  user: string;
  now: number;
}

export async function votersCommand(argv: string[], ctx: VotersContext): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { flagged: { type: 'boolean' }, json: { type: 'boolean' }, clear: { type: 'string' }, by: { type: 'string' } },
    USAGE,
  );
  if (positionals.length > 0) throw new UsageError(`unexpected "${positionals[0]}"\nusage: ${USAGE}`);
  const flags = new VoterFlags(ctx.store, { minVotes: ctx.settings.outlierMinVotes, pValue: ctx.settings.outlierPValue });
  if (values.clear !== undefined) {
    const voter = values.clear.trim();
    if (!(await flags.clear(voter, `cli:${values.by ?? ctx.user}`, ctx.now))) {
      const known = (await flags.list('flagged')).map((f) => f.voter);
      throw new UsageError(`${voter} is not flagged, so there is nothing to clear.${known.length ? ` Flagged: ${known.join(', ')}.` : ' No voter is flagged.'}`, 1);
    }
    out(`Cleared ${voter}: their votes count on the board again. The flag returns only if they vote more and the test flags them again.`);
    return 0;
  }
  const evidence = await flags.refresh(ctx.now, { force: true });
  const shown = values.flagged ? await flags.list('flagged') : await flags.list();
  if (values.json) {
    out(JSON.stringify({ tested: evidence.length, minVotes: ctx.settings.outlierMinVotes, pValue: ctx.settings.outlierPValue, voters: shown }));
    return 0;
  }
  const flaggedCount = shown.filter((f) => f.state === 'flagged').length;
  out(
    `${flaggedCount} flagged ${flaggedCount === 1 ? 'voter' : 'voters'} (${evidence.length} tested: those with at least ${ctx.settings.outlierMinVotes} votes for A or B; flagged when p < ${ctx.settings.outlierPValue}).`,
  );
  for (const f of shown) for (const line of describe(f, ctx.labels)) out(line);
  if (flaggedCount > 0) out(`Their votes are left out of every board. Clear a flag with: ${CLI} voters --clear <voter>`);
  return 0;
}

function describe(f: VoterFlag, labels: Map<string, string>): string[] {
  const e = f.evidence;
  const lines = [
    `  ${f.voter}  ${f.state === 'cleared' ? `cleared by ${f.clearedBy} ${iso(f.clearedAt!)}` : `flagged ${iso(f.flaggedAt)}`}`,
    `    ${e.votes} votes, p = ${e.pValue.toPrecision(2)}: log-likelihood ${e.logLikelihood.toFixed(1)} where the others' votes predict ${e.expected.toFixed(1)} ± ${e.sd.toFixed(1)} (z ${e.z.toFixed(1)})`,
  ];
  if (e.topPick) {
    const name = labels.get(e.topPick.spec) ?? e.topPick.spec;
    lines.push(`    picked ${name} in ${e.topPick.picked} of the ${e.topPick.appeared} duels it was in; the others' votes predict ${e.topPick.expected}`);
  }
  return lines;
}

function iso(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
