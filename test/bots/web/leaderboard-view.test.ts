/** The leaderboard page body, without a server: matrix, provisional badge, unknown intervals and notes. */
import { describe, expect, it } from 'vitest';
import { leaderboardBody } from '../../../src/bots/web/views/leaderboard.js';
import { buildBoard, type RatedBattle } from '../../../src/core/ratings/index.js';

const query = { scope: 'global', since: 'all' } as const;

function series(a: string, b: string, n: number, aWins: number): RatedBattle[] {
  return Array.from({ length: n }, (_, k) => ({ a, b, outcome: k < aWins ? 1 : 0 }));
}

const labels = { 'ollama:q': 'Qwen <local>', 'anthropic:c': 'Claude', 'openai:g': 'GPT' };
const board = buildBoard({ battles: [...series('ollama:q', 'anthropic:c', 20, 12), ...series('openai:g', 'anthropic:c', 3, 2)], labels, query });
const page = String(leaderboardBody({ ...board, leftOutVotes: 4 }));

describe('the web leaderboard', () => {
  it('shows the head-to-head matrix: one row and one numbered column per model, win share and battles in each cell', () => {
    const matrix = page.slice(page.indexOf('<table class="matrix">'));
    expect(matrix.match(/<tbody>[\s\S]*<\/tbody>/)![0].match(/<tr>/g)).toHaveLength(3);
    expect(matrix.match(/<abbr title=/g)).toHaveLength(3);
    const q = board.matrix.specs.indexOf('ollama:q');
    const c = board.matrix.specs.indexOf('anthropic:c');
    expect(matrix).toContain('title="Qwen &lt;local&gt; beat Claude in 12 of 20"><b>60%</b><span>20</span>');
    expect(matrix).toContain('title="Claude beat Qwen &lt;local&gt; in 8 of 20"><b>40%</b><span>20</span>');
    expect(matrix).toContain('title="Qwen &lt;local&gt; and GPT: no decisive battle yet">–');
    expect(q).not.toBe(c);
    // Three battles say little: the cell is not shaded.
    expect(matrix).toMatch(/class="share-7 few" title="GPT beat Claude in 2 of 3"/);
  });

  it('marks provisional models and writes an unknown interval as words, not a zero-width range', () => {
    expect(page.match(/class="badge badge-provisional"/g)).toHaveLength(1);
    expect(page).toMatch(/<span class="model">GPT<\/span><span class="badge badge-provisional"/);
    const one = String(leaderboardBody(buildBoard({ battles: series('ollama:q', 'anthropic:c', 1, 1), labels, query })));
    expect(one.match(/not yet known<\/span>/g)).toHaveLength(2);
    expect(one).not.toMatch(/(\d+) – \1</);
  });

  it('lists the notes: side A with its interval, provisional, and votes left out', () => {
    const notes = page.match(/<ul class="board-notes">([\s\S]*?)<\/ul>/)![1];
    expect(notes).toMatch(/<li class="note-side-a">Side A won \d+\u00a0% of 23 decisive battles \(95\u00a0% interval \d+–\d+\u00a0%\)/);
    expect(notes).toContain('<li class="note-provisional">Provisional: fewer than 10 battles so far.</li>');
    expect(notes).toContain('<li class="note-left-out">4 votes from flagged voters left out.</li>');
  });
});
