/**
 * Categories of prompts (README "Categories"): what the engine calls when a duel starts. The
 * keyword rules answer at once; when DUEL_CATEGORY_MODEL names a configured model, its categories
 * join them later (the union), never holding the duel up. Both are in the order of
 * CATEGORY_NAMES, so the same prompt and the same answers give the same list every time.
 */
import type { Contender } from '../model/types.js';
import { CATEGORY_NAMES, keywordCategories, type CategoryName } from './keyword-rules.js';
import { categoryModelProblem, createModelCategorizer, type ModelCategorizer, type ModelCategorizerOptions } from './model-categories.js';

export { LruCategoryCache, promptKey, type CategoryCache } from './category-cache.js';
export { CATEGORIES, CATEGORY_NAMES, isCategoryName, KEYWORD_RULES, keywordCategories, type CategoryName, type KeywordRule } from './keyword-rules.js';
export {
  CATEGORY_QUESTION,
  CATEGORY_SYSTEM_PROMPT,
  categoryModelProblem,
  createModelCategorizer,
  MAX_MODEL_CATEGORIES,
  parseCategoryAnswer,
  type ModelCategorizer,
  type ModelCategorizerOptions,
} from './model-categories.js';

/** A prompt's categories: the keyword ones now, all of them later. */
export interface Categorization {
  /** The keyword rules' categories, known at once. */
  keywords: CategoryName[];
  /**
   * The keyword categories with the model's (a union), once the model has answered; just the
   * keyword ones without a category model, or when it fails or is stopped. Never rejects.
   */
  all: Promise<CategoryName[]>;
}

export interface Categorizer {
  /** The spec of the category model that adds to the keyword rules, or null for the rules alone. */
  readonly model: string | null;
  /** Returns at once, without waiting for any model. */
  categorize(prompt: string): Categorization;
}

/** The model categorizer's options, with the model named by DUEL_CATEGORY_MODEL among the contenders. */
export interface CategorizerOptions extends Omit<ModelCategorizerOptions, 'model'> {
  /** DUEL_CATEGORY_MODEL (settings.categoryModel): a contender spec, or null for the keyword rules alone. */
  categoryModel: string | null;
  /** The configured contenders; the category model is one of them (and asks through its queue). */
  contenders: readonly Contender[];
}

/** Both lists together, in the order of CATEGORY_NAMES. */
export function unionCategories(...lists: ReadonlyArray<readonly string[]>): CategoryName[] {
  const all = new Set(lists.flat());
  return CATEGORY_NAMES.filter((name) => all.has(name));
}

/**
 * The categorizer the engine holds. A DUEL_CATEGORY_MODEL that names no usable contender is
 * reported (categoryModelProblem; config should have refused it) and the keyword rules sort alone.
 */
export function createCategorizer(o: CategorizerOptions): Categorizer {
  const problem = categoryModelProblem(o.categoryModel, o.contenders);
  if (problem) o.logger?.warn({ event: 'category-model-unusable' }, `${problem}; prompts are sorted by the keyword rules alone`);
  const found = problem ? undefined : o.contenders.find((c) => c.spec === o.categoryModel?.trim());
  const byModel: ModelCategorizer | undefined =
    found?.ask &&
    createModelCategorizer({
      model: found as Contender & Required<Pick<Contender, 'ask'>>,
      cache: o.cache,
      logger: o.logger,
      signal: o.signal,
      now: o.now,
      timeoutMs: o.timeoutMs,
      waitMs: o.waitMs,
    });
  return {
    model: byModel ? found!.spec : null,
    categorize(prompt: string): Categorization {
      const keywords = keywordCategories(prompt);
      const all = byModel ? byModel.categories(prompt).then((fromModel) => unionCategories(keywords, fromModel)) : Promise.resolve([...keywords]);
      return { keywords, all };
    },
  };
}
