/**
 * "Your board": the browser's own voter's ranking beside the community's. The route hands it
 * the board of the cookie's voter only (routes-leaderboard.ts); this view never sees another's.
 */
import type { PersonalBoard } from '../../../core/model/board-types.js';
import { html, type SafeHtml } from '../html.js';
import { plural } from '../plural.js';
import { rankChange } from './board-style.js';

/** What the page knows about its visitor's own board. */
export type YourBoard =
  /** The board of the voter in this browser's cookie (perhaps still below its minimum of votes). */
  | { kind: 'board'; board: PersonalBoard }
  /** No voter id: this address got its share of new ids for the hour. */
  | { kind: 'no-voter' }
  /** The board could not be drawn (its fit failed); the rest of the page still shows. */
  | { kind: 'unavailable' };

/** "You agreed with the crowd in 7 of 10 duels (70 %)." */
export function agreementText(a: PersonalBoard['agreement']): string {
  if (a.compared === 0 || a.share === null) return 'None of your votes can be set beside the crowd’s yet: that needs duels where you and others both picked a side.';
  return `You agreed with the crowd in ${a.agreed} of ${plural(a.compared, 'duel')} (${Math.round(a.share * 100)}\u00a0%).`;
}

function invitation(b: PersonalBoard): SafeHtml {
  const left = Math.max(0, b.minVotes - b.votes);
  return html`<p class="your-invite">Vote in ${plural(left, 'more duel', 'more duels')} to see your board.</p>
    <p class="hint">${b.votes > 0 ? `${plural(b.votes, 'vote')} so far. ` : ''}Your board ranks the models by your own votes, starting from the community’s ratings, and shows how often you agree with the crowd. <a href="/">Vote in the arena</a>.</p>`;
}

function yourTable(b: PersonalBoard): SafeHtml {
  return html`<div class="table-wrap"><table class="board your">
    <thead><tr>
      <th scope="col">You</th><th scope="col">Model</th><th scope="col" class="num">Crowd</th><th scope="col" class="num">Change <span class="sub">vs crowd</span></th>
    </tr></thead>
    <tbody>${b.rows.map(
      (r) => html`<tr>
      <td class="strong">${r.rank}</td>
      <td><span class="model">${r.label}</span></td>
      <td class="num">${r.communityRank}</td>
      <td class="num">${rankChange(r.communityRank, r.rank, 'on your board than on the crowd’s')}</td>
    </tr>`,
    )}</tbody>
  </table></div>`;
}

export function yourBoardSection(your: YourBoard | undefined): SafeHtml | '' {
  if (!your) return '';
  let content: SafeHtml;
  if (your.kind === 'no-voter') content = html`<p class="your-invite">Vote in duels in the arena to see your own board here.</p>`;
  else if (your.kind === 'unavailable') content = html`<p class="hint">Your board could not be drawn just now; the community board above is unaffected. Reload the page in a moment.</p>`;
  else if (your.board.votes < your.board.minVotes || your.board.rows.length === 0) content = invitation(your.board);
  else
    content = html`<p class="lede">From your ${plural(your.board.votes, 'vote')} here, starting from the community’s ratings. ${agreementText(your.board.agreement)}</p>
    ${yourTable(your.board)}`;
  return html`<section class="your-board" id="your-board">
    <h2>Your board</h2>
    ${content}
    <p class="hint">Only you see this: it is drawn from the votes of this browser’s voter cookie.</p>
  </section>`;
}
