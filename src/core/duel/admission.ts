/**
 * Whether a duel may start: prompt length and characters (prompt-text.ts), contenders, the author's cooldown and the number of
 * duels being drawn in the community. One function, so every platform gets the same answers.
 */
import { resolveContenderNames, type NamedContender } from '../contenders/names.js';
import type { StartDuelInput } from '../model/records.js';
import { DuelRejectedError } from '../model/errors.js';
import type { Store } from '../store/port.js';
import type { Clock } from '../model/types.js';
import { promptCharacterProblem } from './prompt-text.js';

export type AdmissionInput = Pick<StartDuelInput, 'platform' | 'community' | 'author' | 'prompt' | 'contenders'>;

export function formatWait(ms: number): string {
  const s = Math.ceil(ms / 1000);
  if (s < 90) return `${s} s`;
  const m = Math.ceil(s / 60);
  return m < 90 ? `${m} min` : `${Math.round(m / 60)} h`;
}

export function createAdmission(deps: {
  store: Store;
  clock: Clock;
  contenders: readonly NamedContender[];
  promptMaxChars: number;
  cooldownMs: number;
  maxOpenPerCommunity: number;
}): (input: AdmissionInput) => Promise<DuelRejectedError | null> {
  const { store, clock, contenders } = deps;
  return async (input) => {
    const prompt = input.prompt.trim();
    if (!prompt) return new DuelRejectedError('The prompt is empty: say what to draw, e.g. "a pelican riding a bicycle".', 'empty-prompt');
    const length = [...prompt].length;
    if (length > deps.promptMaxChars) {
      return new DuelRejectedError(`The prompt is ${length} characters long; the limit is ${deps.promptMaxChars}. Shorten it and try again.`, 'prompt-too-long');
    }
    const problem = promptCharacterProblem(prompt);
    if (problem) return new DuelRejectedError(problem, 'control-character');
    if (contenders.length < 2) return new DuelRejectedError('Fewer than two contenders are configured: set DUEL_CONTENDERS.', 'unknown-contender');
    try {
      resolveContenderNames(contenders, input.contenders);
    } catch (err) {
      if (err instanceof DuelRejectedError) return err;
      throw err;
    }
    if (deps.cooldownMs > 0) {
      const last = await store.lastDuelBy(input.author);
      const since = last ? clock.now() - last.createdAt : Infinity;
      const wait = deps.cooldownMs - since;
      if (wait > 0) {
        return new DuelRejectedError(`Your last duel started ${formatWait(since)} ago: you can start another in ${formatWait(wait)}.`, 'cooldown', wait);
      }
    }
    if ((await store.countGenerating(input.platform, input.community)) >= deps.maxOpenPerCommunity) {
      return new DuelRejectedError(`${deps.maxOpenPerCommunity} duels are being drawn here already: try again in a minute.`, 'busy', 60_000);
    }
    return null;
  };
}
