/**
 * Categories as boards show them: their names for people, the list a scope offers, and what to
 * say when a category has too few duels for a board of its own. The categories themselves
 * (which prompt has which) are decided when a duel starts (core/categories/).
 */
import { NBSP } from './text-columns.js';
import type { Leaderboard } from '../model/board-types.js';
import { CATEGORIES, CATEGORY_NAMES } from '../categories/keyword-rules.js';

/** The built-in categories, in the order choices are offered, with their names for people (core/categories decides both). */
export const CATEGORY_LABELS: Readonly<Record<string, string>> = Object.fromEntries(CATEGORIES.map((c) => [c.name, c.label]));

export { CATEGORY_NAMES };

/** A category's name for people; one a category model made up keeps its own name. */
export function categoryLabel(name: string): string {
  return CATEGORY_LABELS[name] ?? name;
}

/** A typed category name ("Animals", "text-and-lettering", "lettering") as its key, or null. */
export function parseCategory(word: string): string | null {
  const w = word.trim().toLowerCase();
  if (CATEGORY_LABELS[w]) return w;
  const slug = (s: string) => s.toLowerCase().replace(/[^a-z]+/g, '');
  return CATEGORY_NAMES.find((k) => slug(CATEGORY_LABELS[k]) === slug(w)) ?? null;
}

/** "Animals (45), People (31)", or null when the scope offers none. */
export function categoryList(board: Pick<Leaderboard, 'categories'>): string | null {
  const offered = board.categories ?? [];
  if (offered.length === 0) return null;
  return offered.map((c) => `${categoryLabel(c.name)}${NBSP}(${c.battles})`).join(', ');
}

export interface CategoryShortfall {
  name: string;
  battles: number;
  needed: number;
}

/**
 * For a board filtered by `query.category`: how far it is from a board of its own, or null when
 * it has enough. The count is the scope's count of that category when the board lists it, else
 * the filtered board's own battles.
 */
export function categoryShortfall(board: Leaderboard, minBattles: number): CategoryShortfall | null {
  const name = board.query.category;
  if (!name) return null;
  const battles = board.categories?.find((c) => c.name === name)?.battles ?? board.battles;
  return battles >= minBattles ? null : { name, battles, needed: minBattles };
}

/** "Not enough duels in Animals yet: 12 of 30." */
export function shortfallText(s: CategoryShortfall): string {
  return `Not enough duels in ${categoryLabel(s.name)} yet: ${s.battles} of${NBSP}${s.needed}.`;
}

/** The line under a board that lists its categories and how to pick one, or null when none is offered. */
export function categoriesLine(board: Pick<Leaderboard, 'categories'>, howToPick: string): string | null {
  const list = categoryList(board);
  return list === null ? null : `Categories: ${list}. ${howToPick}`;
}
