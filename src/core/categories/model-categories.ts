/**
 * Categories from a model (DUEL_CATEGORY_MODEL): one short question per prompt, its answer kept in
 * a CategoryCache so the prompt is never asked about again. It never holds up a duel: the question
 * runs in the background, waits its turn in the model's queue like a draw, and any failure is
 * logged and leaves the keyword categories standing. The answer is as hostile as a drawing: only
 * exact category names count, at most MAX_MODEL_CATEGORIES of them.
 */
import type { Logger } from 'pino';
import { DEFAULT_SETTINGS } from '../model/settings.js';
import type { Contender } from '../model/types.js';
import { promptKey, type CategoryCache } from './category-cache.js';
import { CATEGORIES, CATEGORY_NAMES, isCategoryName, type CategoryName } from './keyword-rules.js';

/** Most categories taken from one answer: a model that names every category is not sorting. */
export const MAX_MODEL_CATEGORIES = 3;

/** The question's limits: a few names need few tokens; past the deadline the keyword categories stand. */
export const CATEGORY_QUESTION = {
  maxTokens: 40,
  /** Longest the call may take once it has its turn, in ms. */
  timeoutMs: 20_000,
  /** Longest it may wait for its turn in the model's queue (behind duels being drawn), in ms. */
  waitMs: DEFAULT_SETTINGS.queueTimeoutMs,
} as const;

/** Only this much of an answer is read: the names fit in far less. */
const MAX_ANSWER_CHARS = 2_000;

/** What the model is told; the user's turn is the prompt itself. */
export const CATEGORY_SYSTEM_PROMPT = [
  'You sort prompts for drawings into categories. The categories are:',
  ...CATEGORIES.map((c) => `- ${c.name}: ${c.label.toLowerCase()}`),
  `Answer with the names of the categories the prompt belongs to (at most ${MAX_MODEL_CATEGORIES}), separated by commas, and nothing else.`,
  'If none fits, answer: none',
].join('\n');

/**
 * The category names in a model's answer: items separated by commas or new lines, each compared
 * whole (case, spaces, quotes and a final full stop aside) with the names; anything else is
 * ignored, and so is thinking in `<think>` tags. The first MAX_MODEL_CATEGORIES names count,
 * returned in the order of CATEGORY_NAMES.
 */
export function parseCategoryAnswer(answer: string): CategoryName[] {
  const text = answer
    .slice(0, 4 * MAX_ANSWER_CHARS)
    .replace(/<think>[\s\S]*?(<\/think>|$)/gi, '\n')
    .slice(0, MAX_ANSWER_CHARS);
  const picked = new Set<CategoryName>();
  for (const item of text.split(/[,;\n]/)) {
    const word = item
      .normalize('NFKC')
      .toLowerCase()
      .replace(/^[\s"'`*•[(-]+|[\s"'`*.!\])]+$/g, '');
    if (isCategoryName(word)) picked.add(word);
    if (picked.size === MAX_MODEL_CATEGORIES) break;
  }
  return CATEGORY_NAMES.filter((name) => picked.has(name));
}

/**
 * What is wrong with DUEL_CATEGORY_MODEL for these contenders, in words for people, or null when
 * it is fine (unset or empty included: the keyword rules alone then sort prompts). `contenders`
 * may be bare specs (the config, before any contender is built: every built-in provider can
 * answer) or the contenders themselves (then one without `ask` is refused too).
 */
export function categoryModelProblem(spec: string | null | undefined, contenders: ReadonlyArray<string | Pick<Contender, 'spec' | 'ask'>>): string | null {
  const wanted = spec?.trim();
  if (!wanted) return null;
  const specOf = (c: string | Pick<Contender, 'spec'>) => (typeof c === 'string' ? c : c.spec);
  const model = contenders.find((c) => specOf(c) === wanted);
  if (model === undefined) {
    const specs = contenders.map(specOf).join(', ') || 'none';
    return `DUEL_CATEGORY_MODEL is "${wanted}", which is not one of the configured models (${specs}): set it to one of them or leave it empty`;
  }
  if (typeof model !== 'string' && !model.ask) return `DUEL_CATEGORY_MODEL is "${wanted}", which cannot answer a question: set it to another configured model or leave it empty`;
  return null;
}

export interface ModelCategorizerOptions {
  /** The category model: a configured contender with `ask`. */
  model: Contender & Required<Pick<Contender, 'ask'>>;
  cache: CategoryCache;
  logger?: Logger;
  /** Shutdown: aborts questions under way; none is asked after it. */
  signal?: AbortSignal;
  now?: () => number;
  /** Override CATEGORY_QUESTION (tests). */
  timeoutMs?: number;
  waitMs?: number;
}

export interface ModelCategorizer {
  /** The model's categories for the prompt (cached, or asked once); [] when it fails. Never rejects. */
  categories(prompt: string): Promise<CategoryName[]>;
  /** Returns at once; `onCategories` gets the model's categories later (not called when the model gave nothing). */
  categorizeInBackground(prompt: string, onCategories: (categories: CategoryName[]) => void | Promise<void>): void;
}

export function createModelCategorizer(o: ModelCategorizerOptions): ModelCategorizer {
  const { model, cache } = o;
  const log = o.logger?.child({ categoryModel: model.spec });
  const now = o.now ?? Date.now;
  // One question per prompt at a time: duels started together with one prompt share the answer.
  const asking = new Map<string, Promise<CategoryName[]>>();

  async function lookUp(key: string): Promise<CategoryName[] | undefined> {
    try {
      const hit = await cache.cached(key, model.spec);
      return hit?.filter(isCategoryName);
    } catch (err) {
      log?.warn({ event: 'category-cache-failed', err }, 'the category cache could not be read; asking the model');
      return undefined;
    }
  }

  async function ask(prompt: string, key: string): Promise<CategoryName[]> {
    const hit = await lookUp(key);
    if (hit) return hit;
    if (o.signal?.aborted) return [];
    const wait = AbortSignal.timeout(o.waitMs ?? CATEGORY_QUESTION.waitMs);
    const signal = o.signal ? AbortSignal.any([o.signal, wait]) : wait;
    const answer = await model.ask(CATEGORY_SYSTEM_PROMPT, prompt, { maxTokens: CATEGORY_QUESTION.maxTokens, timeoutMs: o.timeoutMs ?? CATEGORY_QUESTION.timeoutMs, signal });
    const categories = parseCategoryAnswer(answer);
    log?.debug({ event: 'category-model-answered', categories, answerChars: answer.length }, 'the category model sorted a prompt');
    try {
      await cache.remember(key, model.spec, categories, now());
    } catch (err) {
      log?.warn({ event: 'category-cache-failed', err }, 'the category cache could not keep an answer; the prompt will be asked about again');
    }
    return categories;
  }

  function categories(prompt: string): Promise<CategoryName[]> {
    const key = promptKey(prompt);
    const running = asking.get(key);
    if (running) return running;
    const answer = ask(prompt, key)
      .catch((err: unknown) => {
        if (o.signal?.aborted) return [];
        const message = err instanceof Error ? err.message : String(err);
        log?.warn({ event: 'category-model-failed', err }, `the category model could not sort a prompt (${message}); its keyword categories stand`);
        return [];
      })
      .finally(() => asking.delete(key));
    asking.set(key, answer);
    return answer;
  }

  function categorizeInBackground(prompt: string, onCategories: (categories: CategoryName[]) => void | Promise<void>): void {
    void categories(prompt).then(async (found) => {
      if (!found.length) return;
      try {
        await onCategories(found);
      } catch (err) {
        log?.warn({ event: 'category-callback-failed', err }, 'the model categories of a prompt could not be kept');
      }
    });
  }

  return { categories, categorizeInBackground };
}
