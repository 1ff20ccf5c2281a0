/** `duel vote` and `duel close`: the vote rules and lifecycle, from the command line. */
import type { Choice, Reveal } from '../core/model/types.js';
import type { DuelApi } from '../core/duel/duel-api.js';
import { VOTE_REJECTION_MESSAGES } from '../core/votes/vote-messages.js';
import { DuelStateError } from '../core/model/errors.js';
import { cliSentence, out, parse, UsageError } from './args.js';

const VOTE_USAGE = 'duel vote <duel-id> <A|B|tie|bad|none> --voter <id>';
const CLOSE_USAGE = 'duel close <duel-id> [--json]';


export async function voteCommand(argv: string[], service: DuelApi): Promise<number> {
  const { values, positionals } = parse(argv, { voter: { type: 'string' } }, VOTE_USAGE);
  const [duelId, raw] = positionals;
  if (!duelId || !raw) throw new UsageError(`expected a duel id and a choice\nusage: ${VOTE_USAGE}`);
  if (!values.voter) throw new UsageError(`--voter is required: who is voting (any name)\nusage: ${VOTE_USAGE}`);
  const choices: Record<string, Choice | 'none'> = { a: 'A', b: 'B', tie: 'tie', bad: 'bad', none: 'none' };
  const choice = choices[raw.toLowerCase()];
  if (!choice) throw new UsageError(`"${raw}" is not a choice: use A, B, tie, bad, or none to retract\nusage: ${VOTE_USAGE}`);
  const voter = values.voter.includes(':') ? values.voter : `cli:${values.voter}`;
  let result;
  if (choice === 'none') {
    const current = (await service.votes(duelId)).get(voter);
    if (!(await service.getDuel(duelId))) result = { accepted: false, reason: 'unknown-duel' as const, current: null };
    else if (!current) {
      out(`${voter} had no vote on ${duelId}: nothing to retract`);
      return 0;
    } else result = await service.vote({ duelId, voter, choice: current, op: 'remove' });
  } else {
    result = await service.vote({ duelId, voter, choice, op: 'add' });
  }
  if (!result.accepted) {
    const why = result.reason ? cliSentence(VOTE_REJECTION_MESSAGES[result.reason]) : 'for an unknown reason';
    // A duel id that does not exist is wrong input (2); a closed duel or a used-up cap is not (1).
    throw new UsageError(`vote on ${duelId} not counted: ${why}`, result.reason === 'unknown-duel' ? 2 : 1);
  }
  out(result.current ? `${voter} votes ${result.current} on ${duelId}` : `${voter} retracted the vote on ${duelId}`);
  return 0;
}

export function revealJson(r: Reveal) {
  return { id: r.id, status: r.status, sides: { A: r.sides.A.spec, B: r.sides.B.spec }, tally: r.tally, winner: r.winner, flags: r.flags };
}

export function describeReveal(r: Reveal): string[] {
  const lines = [`Duel ${r.id}: ${r.status === 'no-contest' ? 'no contest' : 'closed'}`];
  for (const s of ['A', 'B'] as const) lines.push(`  ${s} was ${r.sides[s].label} (${r.sides[s].spec})${r.sides[s].ok ? '' : `: failed: ${r.sides[s].error}`}`);
  lines.push(`  votes: A ${r.tally.A}, B ${r.tally.B}, tie ${r.tally.tie}, both bad ${r.tally.bad}`);
  if (r.status === 'no-contest') lines.push('  not rated: a contender failed');
  else if (r.winner === null) lines.push('  no votes: not rated');
  else lines.push(r.winner === 'tie' ? '  result: a tie' : `  winner: ${r.winner} (${r.sides[r.winner].label})`);
  if (r.flags.includes('unblinded')) lines.push('  not rated: a drawing names a contender (unblinded)');
  return lines;
}

export async function closeCommand(argv: string[], service: DuelApi): Promise<number> {
  const { values, positionals } = parse(argv, { json: { type: 'boolean' } }, CLOSE_USAGE);
  const [duelId] = positionals;
  if (!duelId) throw new UsageError(`expected a duel id\nusage: ${CLOSE_USAGE}`);
  let reveal: Reveal;
  try {
    reveal = await service.close(duelId);
  } catch (err) {
    if (err instanceof DuelStateError) throw new UsageError(cliSentence(err.message), err.reason === 'unknown-duel' ? 2 : 1);
    throw err;
  }
  if (values.json) out(JSON.stringify(revealJson(reveal)));
  else for (const l of describeReveal(reveal)) out(l);
  return 0;
}
