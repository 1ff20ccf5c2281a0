/**
 * A realistic board for the web's leaderboard tests and screenshots: eight models, battles from
 * fixed strengths fitted by the real buildBoard, with hand-made style control, metrics,
 * categories and personal boards (the data layer's parts of issue 19, built elsewhere).
 */
import type { Leaderboard, LeaderboardQuery, ModelMetrics, PersonalBoard, StyleControl } from '../../../src/core/model/board-types.js';
import { buildBoard, mulberry32, type RatedBattle } from '../../../src/core/ratings/index.js';

export const MODELS: ReadonlyArray<{ spec: string; label: string; strength: number; styleBonus: number }> = [
  { spec: 'anthropic:claude-opus-4-7', label: 'Claude Opus 4.7', strength: 260, styleBonus: -10 },
  { spec: 'openai:gpt-5', label: 'GPT-5', strength: 230, styleBonus: 40 },
  { spec: 'google:gemini-2.5-pro', label: 'Gemini 2.5 Pro', strength: 180, styleBonus: -60 },
  { spec: 'ollama:qwen3.6:35b-a3b', label: 'Qwen3.6 35B-A3B (local)', strength: 120, styleBonus: 70 },
  { spec: 'xai:grok-4', label: 'Grok 4', strength: 90, styleBonus: -30 },
  { spec: 'deepseek:deepseek-v3.2', label: 'DeepSeek V3.2', strength: 40, styleBonus: 5 },
  { spec: 'mistral:mistral-medium-3', label: 'Mistral Medium 3', strength: 0, styleBonus: -25 },
  { spec: 'ollama:llama4:maverick', label: 'Llama 4 Maverick', strength: -40, styleBonus: 10 },
];

function battles(n: number, seed: number): RatedBattle[] {
  const r = mulberry32(seed);
  const out: RatedBattle[] = [];
  for (let k = 0; k < n; k++) {
    const i = Math.floor(r() * MODELS.length);
    const j = (i + 1 + Math.floor(r() * (MODELS.length - 1))) % MODELS.length;
    const [a, b] = [MODELS[i]!, MODELS[j]!];
    const pA = 1 / (1 + 10 ** ((b.strength + b.styleBonus - a.strength - a.styleBonus) / 400));
    const u = r();
    out.push({ a: a.spec, b: b.spec, outcome: u < 0.06 ? 0.5 : u < 0.06 + 0.94 * pA ? 1 : 0 });
  }
  return out;
}

export const LABELS = Object.fromEntries(MODELS.map((m) => [m.spec, m.label]));

/** The effects shown in "What wins votes" (Elo points per standard deviation, 95 % interval). */
export const FEATURES: StyleControl['features'] = [
  { name: 'bytes', coef: -8.4, ci: [-30.2, 14.1] },
  { name: 'elements', coef: 31.2, ci: [12.4, 50.3] },
  { name: 'colors', coef: 22, ci: [-5, 49] },
  { name: 'animated', coef: 84.2, ci: [51.1, 117.4] },
  { name: 'text', coef: -41, ci: [-70.4, -12.2] },
];

/** The controlled board: strength alone, without the style bonus, best first, ranked as the raw board is (by intervals). */
function control(board: Leaderboard): StyleControl {
  const mean = MODELS.reduce((s, m) => s + m.strength, 0) / MODELS.length;
  const rated = [...MODELS]
    .sort((x, y) => y.strength - x.strength)
    .filter((m) => board.rows.some((r) => r.spec === m.spec))
    .map((m) => ({ spec: m.spec, label: m.label, rating: 1000 + m.strength - mean, ci: [990 + m.strength - mean - 18, 1000 + m.strength - mean + 30] as [number, number] }));
  const rows = rated.map((r) => ({ ...r, rank: 1 + rated.filter((o) => o.ci[0] > r.ci[1]).length }));
  return { features: FEATURES, rows, battles: Math.round(board.battles * 0.93) };
}

function metrics(k: number): ModelMetrics {
  return {
    draws: 90 + k * 7,
    drawnShare: 0.99 - k * 0.03,
    medianBytes: 2400 + k * 1900,
    medianElements: 14 + k * 9,
    animatedShare: [0.12, 0.35, 0.05, 0.62, 0.2, 0.3, 0.08, 0.44][k]!,
    textShare: [0.04, 0.1, 0.02, 0.25, 0.06, 0.12, 0.03, 0.3][k]!,
    medianMs: 4200 + k * 5100,
    medianTokensIn: 180 + k,
    medianTokensOut: 900 + k * 650,
  };
}

export const CATEGORIES = [
  { name: 'animals', battles: 142 },
  { name: 'scenes', battles: 96 },
  { name: 'vehicles', battles: 61 },
  { name: 'lettering', battles: 38 },
];

/** The board for a query: fewer battles for a category, its controlled board, metrics and the categories offered. */
export function fixtureBoard(query: LeaderboardQuery): Leaderboard {
  const n = query.category ? (CATEGORIES.find((c) => c.name === query.category)?.battles ?? 0) : 460;
  const board = buildBoard({ battles: battles(n, query.category ? query.category.length : 7), labels: LABELS, rounds: 200, seed: 1, query });
  const index = new Map(MODELS.map((m, k) => [m.spec, k]));
  return {
    ...board,
    rows: board.rows.map((r) => ({ ...r, metrics: metrics(index.get(r.spec)!) })),
    control: query.control === 'style' ? control(board) : undefined,
    categories: CATEGORIES,
    scopeBattles: 460,
  };
}

/** A voter's board: `votes` votes; from `minVotes` on, a ranking that swaps the community's first two and moves the local model up. */
export function fixturePersonal(voter: string, votes: number, query: LeaderboardQuery, minVotes = 10): PersonalBoard {
  const community = fixtureBoard({ ...query, category: undefined, control: 'none' });
  const base = community.rows.map((r, k) => ({ spec: r.spec, label: r.label, communityRating: r.rating, communityRank: k + 1 }));
  const mine = votes < minVotes ? [] : [base[1]!, base[0]!, base[3]!, base[2]!, ...base.slice(4)];
  return {
    voter,
    votes,
    minVotes,
    rows: mine.map((r, k) => ({ ...r, rating: 1100 - k * 40, rank: k + 1 })),
    agreement: votes < minVotes ? { agreed: 0, compared: 0, share: null } : { agreed: 7, compared: 10, share: 0.7 },
    query,
  };
}
