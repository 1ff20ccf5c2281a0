/**
 * Boards for the formatting tests: the real buildBoard on simulated battles, with the fields the
 * style fit, the metrics and the categories add filled in by hand.
 */
import { buildBoard } from '../../../src/core/ratings/board.js';
import type { Leaderboard, LeaderboardQuery, ModelMetrics, PersonalBoard, StyleControl } from '../../../src/core/model/board-types.js';

/** Eight contenders with long labels, as a busy arena has. */
export const SPECS = ['anthropic:opus', 'openai:gpt', 'ollama:qwen', 'anthropic:sonnet', 'openai:mini', 'ollama:llama', 'openrouter:gemini', 'openrouter:deepseek'];
export const LABELS: Record<string, string> = {
  'anthropic:opus': 'Claude Opus 4.7 (extended thinking)',
  'openai:gpt': 'GPT-5.1 Codex Max',
  'ollama:qwen': 'Qwen3.6 35B-A3B (local)',
  'anthropic:sonnet': 'Claude Sonnet 4.5',
  'openai:mini': 'GPT-5 mini',
  'ollama:llama': 'Llama 4 Scout 17B-16E Instruct',
  'openrouter:gemini': 'Gemini 3 Pro Preview',
  'openrouter:deepseek': 'DeepSeek V3.2 Exp',
};

/** Deterministic battles: contender k beats k+1.. more often the lower its index. */
export function settledBoard(specs = SPECS, query: LeaderboardQuery = { scope: 'global', since: 'all' }, n = 400): Leaderboard {
  const battles = [];
  for (let k = 0; k < n; k++) {
    const i = k % specs.length;
    const j = (k * 3 + 1 + Math.floor(k / specs.length)) % specs.length;
    if (i === j) continue;
    // The better (lower index) side wins 3 of 4.
    const better = i < j ? 1 : 0;
    battles.push({ a: specs[i], b: specs[j], outcome: k % 4 === 0 ? 1 - better : better });
  }
  return buildBoard({ battles, labels: LABELS, query, rounds: 50, seed: 7 });
}

/** A controlled board that reverses the top two and moves the last up one. */
export function withControl(board: Leaderboard): Leaderboard {
  const shift = new Map<string, number>([[board.rows[0].spec, -90], [board.rows[board.rows.length - 1].spec, +140]]);
  const rated = board.rows.map((r) => ({ spec: r.spec, label: r.label, rating: r.rating + (shift.get(r.spec) ?? 0) })).sort((a, b) => b.rating - a.rating);
  const control: StyleControl = {
    battles: board.battles - 12,
    features: [
      { name: 'bytes', coef: -3.4, ci: [-20, 14] },
      { name: 'elements', coef: 12.2, ci: [-5, 30] },
      { name: 'colors', coef: 20, ci: [4, 36] },
      { name: 'animated', coef: 84.3, ci: [51, 117] },
      { name: 'text', coef: 0.2, ci: null },
    ],
    rows: rated.map((r, k) => ({ ...r, ci: [r.rating - 30, r.rating + 30], rank: k + 1 })),
  };
  return { ...board, control };
}

export function metrics(k: number): ModelMetrics {
  return {
    draws: 40 + k,
    drawnShare: 1 - k * 0.03,
    medianBytes: 2100 + k * 4000,
    medianElements: 12 + k * 5,
    animatedShare: k * 0.1,
    textShare: k % 2 === 0 ? 0.05 : 0,
    medianMs: 4200 + k * 19_000,
    medianTokensIn: 180 + k,
    medianTokensOut: k === 7 ? null : 800 + k * 2500,
  };
}

export function withMetrics(board: Leaderboard): Leaderboard {
  return { ...board, rows: board.rows.map((r, k) => ({ ...r, metrics: metrics(k) })) };
}

export function personal(board: Leaderboard, votes: number, minVotes = 10): PersonalBoard {
  const rows =
    votes < minVotes
      ? []
      : [...board.rows]
          .reverse()
          .map((r, k) => ({ spec: r.spec, label: r.label, rating: 1100 - k * 30, rank: k + 1, communityRating: r.rating, communityRank: r.rank }));
  return { voter: 'discord:42', votes, minVotes, rows, agreement: { agreed: 9, compared: 12, share: 0.75 }, query: board.query };
}
