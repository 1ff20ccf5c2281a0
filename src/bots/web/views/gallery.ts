/** The gallery: every duel from every platform, newest first, as cards. */
import type { DuelRecord } from '../../../core/model/records.js';
import type { Reveal } from '../../../core/model/types.js';
import { html, href, type SafeHtml } from '../html.js';
import { plural } from '../plural.js';
import { platformName, statusBadge, timeTag, whereText } from './format.js';

export interface CardData {
  duel: DuelRecord;
  /** Only for closed duels. */
  reveal?: Reveal;
  hasComposite: boolean;
  /** A drawing of this duel animates (the duel page plays it). */
  animated?: boolean;
}

export function duelCard({ duel, reveal, hasComposite, animated }: CardData): SafeHtml {
  let outcome: SafeHtml | string = '';
  if (reveal && reveal.status === 'closed') {
    const w = reveal.winner;
    // "No votes" already says the count; repeating it ("No votes · 0 votes") reads as a glitch.
    outcome = html`<p class="card-outcome">${w === null ? 'No votes' : html`${w === 'tie' ? 'Draw' : html`<strong>${reveal.sides[w].label}</strong> won`} · ${plural(reveal.votes, 'vote')}`}</p>`;
  }
  return html`<li class="card">
    <a class="card-link" href="/duels/${duel.id}">
      ${hasComposite
        ? html`<img class="thumb" src="/duels/${duel.id}/composite.png" alt="" loading="lazy">`
        : html`<span class="thumb thumb-empty">${duel.status === 'generating' ? 'Drawing…' : 'No picture'}</span>`}
      <span class="card-prompt">${duel.prompt}</span>
    </a>
    <p class="card-meta">${statusBadge(duel)}${animated ? html` <span class="badge badge-animated" title="A drawing in this duel moves: open the duel to watch it">animated</span>` : ''} ${whereText(duel)} · ${timeTag(duel.createdAt)}</p>
    ${outcome}
  </li>`;
}

export interface GalleryView {
  cards: CardData[];
  total: number;
  page: number;
  pageSize: number;
  contenders: Array<{ spec: string; label: string }>;
  filter: { contender?: string; platform?: string; community?: string };
}

export function galleryBody(v: GalleryView): SafeHtml {
  const { filter } = v;
  const pages = Math.max(1, Math.ceil(v.total / v.pageSize));
  const link = (p: number) => href('/gallery', { ...filter, page: p > 1 ? p : undefined });
  const whereValue = filter.community ? `${filter.platform ?? ''}|${filter.community}` : (filter.platform ?? '');
  const whereOptions: Array<[string, string]> = [
    ['', 'Everywhere'],
    ['web|web', 'Web arena'],
    ['discord', 'Discord (all servers)'],
    ['slack', 'Slack (all workspaces)'],
    ['cli', 'Command line'],
  ];
  if (filter.community && !whereOptions.some(([val]) => val === whereValue)) {
    whereOptions.push([whereValue, `${platformName((filter.platform ?? 'web') as DuelRecord['platform'])} · ${filter.community}`]);
  }
  return html`<h1>Gallery</h1>
  <p class="lede">Every duel from every platform, newest first. Open duels stay blind until voting closes.</p>
  <form class="filters" method="get" action="/gallery">
    <label>Model <select name="contender">
      <option value="">All models</option>
      ${v.contenders.map((c) => html`<option value="${c.spec}"${filter.contender === c.spec ? html` selected` : ''}>${c.label}</option>`)}
    </select></label>
    <label>Where <select name="where">
      ${whereOptions.map(([val, text]) => html`<option value="${val}"${val === whereValue ? html` selected` : ''}>${text}</option>`)}
    </select></label>
    <button type="submit">Filter</button>
  </form>
  ${filter.contender ? html`<p class="muted">Filtering by model shows closed duels only, so a filter can never tell you who is in an open one.</p>` : ''}
  ${v.cards.length === 0
    ? html`<p class="empty">No duels here yet. <a href="/">Start one in the arena.</a></p>`
    : html`<ul class="cards">${v.cards.map(duelCard)}</ul>`}
  <nav class="pager" aria-label="Pages">
    ${v.page > 1 ? html`<a href="${link(v.page - 1)}" rel="prev">← Newer</a>` : html`<span></span>`}
    <span class="muted">Page ${v.page} of ${pages} · ${plural(v.total, 'duel')}</span>
    ${v.page < pages ? html`<a href="${link(v.page + 1)}" rel="next">Older →</a>` : html`<span></span>`}
  </nav>`;
}
