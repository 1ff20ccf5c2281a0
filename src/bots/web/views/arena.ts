/** The arena: the prompt box, which contenders are ready, and the latest web duels. */
import type { ProviderModels } from '../../../core/contenders/model-list.js';
import { withoutUserInfo } from '../../../core/contenders/env-values.js';
import { html, type SafeHtml } from '../html.js';

/**
 * The engine's prompt limit, in characters as it counts them (code points, trimmed). The page
 * counts the same way in app.js; no `maxlength`, which counts UTF-16 units (an emoji is two) and
 * would cut a paste silently instead of saying it is too long.
 */
import { duelCard, type CardData } from './gallery.js';

export interface ContenderStatus {
  spec: string;
  label: string;
  ok: boolean;
  message: string;
}

export interface ArenaView {
  /** The configured contenders, for the two "name a model" selects. */
  contenders: Array<{ spec: string; label: string }>;
  /** null while the first reachability check is still running. */
  status: ContenderStatus[] | null;
  /** What each provider offers right now (`duel models`); null while listing, undefined: not shown. */
  offered?: ProviderModels[] | null;
  recent: CardData[];
  /** Set when this browser could not be given a voter id (the address limit): why. */
  refused?: string;
  /** Show the providers' hosts and URLs (DUEL_WEB_SHOW_HOSTS); default: providers only. */
  showHosts?: boolean;
  /** The engine's prompt limit in characters (code points), as the server counts. */
  promptMax: number;
}

/** Any http(s) URL in a message. */
const URL_IN_TEXT = /\bhttps?:\/\/[^\s,;()"'<>]+/gi;

/**
 * A message about a provider as the public page shows it: never with user info, and by default
 * without the URL at all (internal host names are nobody's business but the operator's).
 */
function shownMessage(message: string, showHosts: boolean): string {
  return showHosts ? withoutUserInfo(message) : message.replace(URL_IN_TEXT, 'its server');
}

function statusList(status: ContenderStatus[] | null, showHosts: boolean): SafeHtml {
  if (!status) return html`<p class="muted">Checking which models answer…</p>`;
  const down = status.filter((s) => !s.ok).length;
  return html`<ul class="status-list">
    ${status.map(
      (s) => html`<li class="${s.ok ? 'ok' : 'down'}"><span class="dot" aria-hidden="true"></span><span><strong>${s.label}</strong> <span class="sr">${s.ok ? 'ready' : 'not reachable'}</span>
        <span class="status-msg">${s.ok ? 'ready' : shownMessage(s.message, showHosts)}</span></span></li>`,
    )}
  </ul>
  ${down > 0 ? html`<p class="note">A duel needs both models. Until ${down === 1 ? 'the model above answers' : 'the models above answer'}, duels end as “no contest”.</p>` : ''}`;
}

/** The same facts as `duel models`: each provider's models, contenders marked, missing ones named. */
function offeredList(offered: ProviderModels[] | null | undefined, showHosts: boolean): SafeHtml | '' {
  if (offered === undefined) return '';
  if (offered === null) return html`<p class="muted">Asking the providers which models they offer…</p>`;
  if (offered.length === 0) return '';
  const count = offered.reduce((n, p) => n + p.models.length, 0);
  return html`<details class="offered" data-offered>
    <summary>What the providers offer (${count} ${count === 1 ? 'model' : 'models'})</summary>
    ${offered.map(
      (p) => html`<div class="provider${p.ok ? '' : ' down'}" data-provider="${p.provider}">
      <h3><code>${p.provider}</code>${showHosts ? html` <span class="muted">${withoutUserInfo(p.server)}</span>` : ''}</h3>
      ${p.ok ? '' : html`<p class="form-error">${p.error ? shownMessage(p.error, showHosts) : 'This provider did not answer.'}</p>`}
      ${p.models.length > 0
        ? html`<ul class="offered-models">${p.models.map((m) => html`<li${m.contender ? html` class="contender"` : ''}><code>${m.spec}</code>${m.contender ? html` <span class="badge">contender</span>` : ''}</li>`)}</ul>`
        : ''}
      ${p.missing.length > 0
        ? html`<p class="note">Configured but not offered by this server: ${p.missing.map((m, i) => html`${i > 0 ? ', ' : ''}<code>${m}</code>`)}. Pull or enable it, or change <code>DUEL_CONTENDERS</code>.</p>`
        : ''}
    </div>`,
    )}
    <p class="muted">Copy a spec into <code>DUEL_CONTENDERS</code> to add a contender (<code>npx duel models</code> prints the same list).</p>
  </details>`;
}

export function arenaBody(v: ArenaView): SafeHtml {
  return html`<section class="hero">
    <h1>Two models draw your prompt.<br>You pick the better one, blind.</h1>
    <p class="lede">Each model writes an SVG drawing. You see them side by side as A and B, vote, and only then learn who drew what.</p>
    <form class="prompt-form" data-duel-form method="post" action="/api/duels">
      <label for="prompt" class="sr">Prompt</label>
      <textarea id="prompt" name="prompt" data-max="${v.promptMax}" rows="3" required placeholder="a pelican riding a bicycle"></textarea>
      <div class="pick-row">
        ${(['first', 'second'] as const).map(
          (which) => html`<label class="pick">${which === 'first' ? 'Model' : 'against'} <select name="contender-${which}" data-contender>
          <option value="random" selected>random</option>
          ${v.contenders.map((c) => html`<option value="${c.spec}">${c.label}</option>`)}
        </select></label>`,
        )}
        <span class="muted pick-note">Named models still get random sides: you will not know which one is A.</span>
      </div>
      <div class="form-row">
        <span class="muted count"><span data-count>0</span>/${v.promptMax}</span>
        <button type="submit" class="primary" data-submit${v.refused ? html` disabled` : ''}>Start the duel</button>
      </div>
      ${v.refused ? html`<p class="form-error" data-error role="alert">${v.refused}</p>` : html`<p class="form-error" data-error role="alert" hidden></p>`}
    </form>
  </section>
  <section class="panel">
    <h2 class="panel-title">Models</h2>
    ${statusList(v.status, v.showHosts ?? false)}
    ${offeredList(v.offered, v.showHosts ?? false)}
  </section>
  <section>
    <h2>Latest arena duels</h2>
    ${v.recent.length === 0
      ? html`<p class="empty">No duels yet: yours will be the first.</p>`
      : html`<ul class="cards">${v.recent.map(duelCard)}</ul><p><a href="/gallery">All duels →</a></p>`}
  </section>`;
}
