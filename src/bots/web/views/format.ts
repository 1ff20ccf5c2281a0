/** Small formatting helpers shared by the views. */
import type { DuelRecord } from '../../../core/model/records.js';
import type { Choice, Tokens } from '../../../core/model/types.js';
import { html, href, type SafeHtml } from '../html.js';

export function formatMs(ms: number | null): string {
  if (ms === null) return '—';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

export function formatTokens(t: Tokens): string {
  const n = (v: number | null) => (v === null ? '?' : v.toLocaleString('en-US'));
  if (t.input === null && t.output === null) return '—';
  return `${n(t.input)} in · ${n(t.output)} out`;
}

export function formatPercent(x: number | null): string {
  return x === null ? '—' : `${Math.round(x * 100)} %`;
}

/** UTC text that the page script turns into the reader's local time. */
export function timeTag(ms: number): SafeHtml {
  const iso = new Date(ms).toISOString();
  return html`<time datetime="${iso}" data-local>${iso.slice(0, 16).replace('T', ' ')} UTC</time>`;
}

export const CHOICE_TEXT: Record<Choice, string> = { A: 'A is better', B: 'B is better', tie: 'Tie', bad: 'Both bad' };

const PLATFORM_NAME: Record<DuelRecord['platform'], string> = { web: 'Web arena', discord: 'Discord', slack: 'Slack', cli: 'Command line' };

export function platformName(p: DuelRecord['platform']): string {
  return PLATFORM_NAME[p];
}

/** "Web arena", "Command line", "Discord · 1234": where a duel was started. */
export function whereText(duel: Pick<DuelRecord, 'platform' | 'community'>): string {
  return duel.platform === 'web' || duel.platform === 'cli' ? platformName(duel.platform) : `${platformName(duel.platform)} · ${duel.community}`;
}

/** whereText with a link to the gallery filtered to that community. */
export function whereLink(duel: DuelRecord): SafeHtml {
  return html`<a href="${href('/gallery', { platform: duel.platform, community: duel.community })}">${whereText(duel)}</a>`;
}

export function statusBadge(duel: DuelRecord): SafeHtml {
  const text = { generating: 'Drawing', open: 'Voting open', closed: 'Revealed', 'no-contest': 'No contest' }[duel.status];
  return html`<span class="badge badge-${duel.status}">${text}</span>`;
}
