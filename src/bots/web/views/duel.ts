/**
 * One duel: the live view while drawing, the two pictures and the vote while open, the
 * reveal once closed. Nothing that names a contender is rendered unless `reveal` is given,
 * and the caller only passes it for closed duels.
 */
import type { DuelProgress, DuelRecord, EntryRecord } from '../../../core/model/records.js';
import type { Choice, Reveal, Side } from '../../../core/model/types.js';
import { CHOICES, SIDES } from '../../../core/model/types.js';
import { html, type SafeHtml } from '../html.js';
import { plural } from '../plural.js';
import { progressPanel, progressWords } from './progress.js';
import { CHOICE_TEXT, formatMs, formatTokens, platformName, statusBadge, timeTag, whereLink } from './format.js';

export interface DuelView {
  duel: DuelRecord;
  /** Only for revealed duels. */
  reveal?: Reveal;
  /** Only for revealed duels. */
  entries?: Record<Side, EntryRecord>;
  /** Which sides have a picture stored. */
  hasImage: Record<Side, boolean>;
  /** Which sides animate. */
  animated?: Record<Side, boolean>;
  /** Which animated sides play live: their sanitized SVG through `<img>` (never inline); the rest show their PNG. */
  liveSvg?: Record<Side, boolean>;
  /** Why an animated side is shown still (its tooltip). */
  stillWhy?: Partial<Record<Side, string>>;
  /** The animated composite GIF below the sides: stored, still being made (the page swaps it in), or none. */
  gif?: 'ready' | 'pending' | 'none';
  /** Votes so far (count only while open, so nobody follows the crowd). */
  votes: number;
  myVote: Choice | null;
  isAuthor: boolean;
  /** Set when this browser could not be given a voter id (the address limit): why. */
  refused?: string;
  /** The duel's live progress while it is drawn (duel-level only), if this server runs it. */
  progress?: DuelProgress | null;
  /** Once revealed: another open arena duel to vote on next (null: none is open). */
  next?: DuelRecord | null;
}

/** Where a duel from another platform is voted on, as a sentence continues: "in Discord", "in the command line". */
function votedIn(platform: DuelRecord['platform']): string {
  return platform === 'cli' ? 'the command line' : platformName(platform);
}

function sideCard(v: DuelView, side: Side): SafeHtml {
  const { duel, reveal, entries } = v;
  const revealed = reveal?.sides[side];
  const winner = reveal?.winner === side;
  let body: SafeHtml;
  if (duel.status === 'generating') {
    // The same blank frame for both sides: the live panel above says how the duel is doing.
    body = html`<div class="placeholder" aria-hidden="true"><span>${side}</span></div>`;
  } else if (v.hasImage[side]) {
    // An <img> never runs a script or loads anything an SVG names; the route adds its own CSP too.
    const why = v.stillWhy?.[side];
    body = v.liveSvg?.[side]
      ? html`<img class="drawing drawing-animated" src="/duels/${duel.id}/${side}.svg" alt="Drawing ${side} (animated)" width="512" height="512">`
      : why
        ? html`<img class="drawing drawing-still" src="/duels/${duel.id}/${side}.png" alt="Drawing ${side} (a still of an animated drawing)" title="${why}" width="512" height="512">`
        : html`<img class="drawing" src="/duels/${duel.id}/${side}.png" alt="Drawing ${side}" width="512" height="512">`;
  } else {
    const error = revealed?.error ?? entries?.[side].error;
    body = html`<div class="side-error"><strong>No drawing.</strong> ${error ?? 'This side failed.'}</div>`;
  }
  const entry = entries?.[side];
  return html`<section class="side${winner ? ' winner' : ''}" data-side="${side}">
    <h2><span class="side-letter">${side}</span>${revealed ? html`<span class="side-label">${revealed.label}</span>` : ''}${winner ? html`<span class="badge badge-win">Winner</span>` : ''}</h2>
    ${body}
    ${revealed && entry
      ? html`<dl class="stats">
      <div><dt>Model</dt><dd><code>${revealed.spec}</code></dd></div>
      <div><dt>Time</dt><dd>${formatMs(entry.ms)}</dd></div>
      <div><dt>Tokens</dt><dd>${formatTokens(entry.tokens)}</dd></div>
    </dl>
    ${entry.svg ? html`<a class="download" href="/duels/${duel.id}/${side}.svg?download" download>Download SVG</a>` : ''}`
      : ''}
  </section>`;
}

function votePanel(v: DuelView): SafeHtml {
  const { duel } = v;
  if (duel.status !== 'open') return html``;
  const closes = duel.closesAt ? html` · voting closes <time data-countdown="${duel.closesAt}" datetime="${new Date(duel.closesAt).toISOString()}">at ${new Date(duel.closesAt).toISOString().slice(11, 16)} UTC</time>` : '';
  if (duel.platform !== 'web') {
    return html`<section class="panel vote-panel">
      <p>This duel is being voted on in ${votedIn(duel.platform)}, where it was posted. Who drew what is revealed here once voting closes.</p>
      <p class="muted"><span data-votes>${plural(v.votes, 'vote')}</span> so far${closes}</p>
    </section>`;
  }
  const buttons = CHOICES.map(
    (c) => html`<button type="button" class="vote-btn vote-${c}" data-choice="${c}" aria-pressed="${v.myVote === c ? 'true' : 'false'}"${v.refused ? html` disabled` : ''}>${CHOICE_TEXT[c]}</button>`,
  );
  return html`<section class="panel vote-panel" data-vote-panel>
    <h2 class="panel-title">Which drawing fits the prompt better?</h2>
    <div class="vote-buttons" role="group" aria-label="Your vote">${buttons}</div>
    <p class="vote-status" data-vote-status aria-live="polite">${v.myVote ? `You voted: ${CHOICE_TEXT[v.myVote]}. Click it again to take it back.` : 'Models stay hidden until voting closes.'}</p>
    <p class="muted"><span data-votes>${plural(v.votes, 'vote')}</span> so far${closes}</p>
    ${v.isAuthor
      ? html`<div class="close-row"><button type="button" class="close-btn" data-close>Close voting and reveal</button><span class="muted">You started this duel, so you can end the vote now.</span></div>`
      : html`<p class="muted">The reveal appears on this page when voting closes.</p>`}
    ${v.refused ? html`<p class="form-error" data-error role="alert">${v.refused}</p>` : html`<p class="form-error" data-error role="alert" hidden></p>`}
  </section>`;
}

/** After a reveal: the next open duel (or a new one), and this page's link to share. */
function nextRow(duel: DuelRecord, next: DuelRecord | null | undefined): SafeHtml {
  const onward =
    next === undefined
      ? html``
      : next
        ? html`<a class="next-link primary-link" href="/duels/${next.id}" data-next-duel>Next open duel →</a>`
        : html`<a class="next-link" href="/">No other duel is open: start one →</a>`;
  return html`<div class="next-row">
    ${onward}
    <button type="button" class="copy-link" data-copy-link="/duels/${duel.id}">Copy link to this duel</button>
    <span class="muted" data-copy-status aria-live="polite"></span>
  </div>`;
}

function revealPanel(reveal: Reveal): SafeHtml {
  if (reveal.status === 'no-contest') {
    return html`<section class="panel reveal"><h2 class="panel-title">No contest</h2><p>A contender could not finish, so this duel was not put to a vote and does not count in the ratings.</p></section>`;
  }
  const total = Math.max(reveal.votes, 1);
  const bar = (key: keyof Reveal['tally'], text: string) => {
    const n = reveal.tally[key];
    const pct = Math.round((n / total) * 100);
    return html`<div class="bar-row"><span class="bar-name">${text}</span><span class="bar"><span class="bar-fill bar-${key} w${Math.round(pct / 5) * 5}"></span></span><span class="bar-n">${n}</span></div>`;
  };
  const winnerText =
    reveal.winner === null
      ? 'Nobody voted, so this duel does not count in the ratings.'
      : reveal.winner === 'tie'
        ? 'A draw.'
        : `${reveal.sides[reveal.winner].label} (${reveal.winner}) wins.`;
  return html`<section class="panel reveal" data-reveal>
    <h2 class="panel-title">Reveal</h2>
    <p class="reveal-line"><strong>A</strong> was ${reveal.sides.A.label} · <strong>B</strong> was ${reveal.sides.B.label}</p>
    <p class="winner-line">${winnerText}</p>
    <div class="bars">${bar('A', 'A')}${bar('B', 'B')}${bar('tie', 'Tie')}${bar('bad', 'Both bad')}</div>
    <p class="muted">${plural(reveal.votes, 'vote')}</p>
    ${reveal.flags.includes('unblinded')
      ? html`<p class="note">A drawing wrote a model's name, so voters may have known who drew it: this duel is left out of the ratings.</p>`
      : ''}
  </section>`;
}

/** The animated composite of drawings not played live: shown when stored, swapped in by the page script once made. */
function animationFigure(v: DuelView): SafeHtml | string {
  if (!v.gif || v.gif === 'none') return '';
  const src = `/duels/${v.duel.id}/animated.gif`;
  return v.gif === 'ready'
    ? html`<figure class="animation" data-animation><img src="${src}" alt="Drawings A and B, moving" width="848"><figcaption class="muted">The drawings moving, drawn by the server.</figcaption></figure>`
    : html`<figure class="animation" data-animation data-src="${src}" hidden><img alt="Drawings A and B, moving" width="848"><figcaption class="muted">The drawings moving, drawn by the server.</figcaption></figure>`;
}

export function duelBody(v: DuelView): SafeHtml {
  const { duel } = v;
  return html`<article class="duel" data-duel-id="${duel.id}" data-status="${duel.status}">
    <p class="meta">${statusBadge(duel)} ${whereLink(duel)} · ${timeTag(duel.createdAt)}</p>
    <h1 class="prompt" id="duel-prompt" data-clamp>${duel.prompt}</h1>
    <button type="button" class="prompt-expand" data-expand="duel-prompt" aria-expanded="false" aria-controls="duel-prompt" hidden>Show the whole prompt</button>
    ${duel.status === 'generating'
      ? html`${progressPanel(progressWords(v.progress))}<p class="muted live-note">Both models draw at the same time; you will see who drew what only after voting. This page updates by itself.</p><p class="form-error" data-error role="alert" hidden></p>`
      : ''}
    <div class="sides">${SIDES.map((s) => sideCard(v, s))}</div>
    ${animationFigure(v)}
    ${votePanel(v)}
    ${v.reveal ? html`${revealPanel(v.reveal)}${nextRow(duel, v.next)}` : ''}
  </article>`;
}
