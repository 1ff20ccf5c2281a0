/**
 * Server-rendered pages (arena, duel permalink, gallery, leaderboard) and the binary
 * resources they show. Model SVG (always the sanitized copy) is never inline in a page: an
 * animated side is shown as `<img src=".../A.svg">` (image/svg+xml under its own strict CSP and
 * nosniff), and `?download` sends it as an attachment.
 */
import type { Context, Hono } from 'hono';
import type { ProviderModels } from '../../core/contenders/model-list.js';
import type { DuelApi } from '../../core/duel/duel-api.js';
import { isRevealed, type DuelRecord } from '../../core/model/records.js';
import type { Side } from '../../core/model/types.js';
import { truncate } from '../../core/board/table-text.js';
import { htmlPage, page } from './layout.js';
import { asPlatform } from './platform-param.js';
import { mountLeaderboard } from './routes-leaderboard.js';
import type { LiveDuels } from './live.js';
import { duelParam } from './duel-param.js';
import { duelPreview, nextOpenDuel, requestOrigin } from './duel-page-links.js';
import { myVote, votesShown } from './duel-state.js';
import { arenaBody, type ContenderStatus } from './views/arena.js';
import { duelBody } from './views/duel.js';
import { galleryBody, type CardData } from './views/gallery.js';
import { voterKey } from './voter.js';
import { ensureVoter, pageVisitor, type Visitors } from './visitors.js';
import { html } from './html.js';
import type { TtlCache } from './ttl-cache.js';
import { drawingDisplay } from './drawing-display.js';
import type { ImageSource } from '../../core/duel/redraw-images.js';

export interface PageDeps {
  service: DuelApi;
  live: LiveDuels;
  visitors: Visitors;
  pageSize: number;
  /** Whether the arena shows the providers' hosts (DUEL_WEB_SHOW_HOSTS). */
  showHosts?: boolean;
  /** Largest measured CPU ms per frame at which an animated drawing plays live in the page. */
  liveFrameMs: number;
  /** Lists of duel cards (gallery pages, the arena's recent duels), kept for a short time. */
  lists: TtlCache<{ cards: CardData[]; total: number }>;
  /** Latest reachability of the contenders; null while the first check runs. */
  contenderStatus(): Promise<ContenderStatus[] | null>;
  /** Reverse proxies believed for X-Forwarded-Proto (DUEL_WEB_TRUST_PROXY), for absolute preview URLs. */
  trustProxy?: number;
  /** What each configured provider offers (as `duel models` shows); null while the first list runs. */
  offeredModels?(): Promise<ProviderModels[] | null>;
  /** Told when a visitor's own board fails; the leaderboard page still shows the community's. */
  onBoardError?(err: unknown): void;
  /** Stored pictures that draws a pruned one again (DUEL_KEEP_IMAGES); without it, only what is stored is served. */
  images?: ImageSource;
}


/**
 * The cards of a list of duels, from their stored facts in one read (never the SVG text); the
 * reveal is read only for revealed duels. Thumbnails are the composite PNG, never a live drawing.
 */
async function cards(service: DuelApi, duels: DuelRecord[]): Promise<CardData[]> {
  const facts = await service.drawingFacts(duels.filter((d) => d.status !== 'generating').map((d) => d.id));
  return Promise.all(
    duels.map(async (duel) => ({
      duel,
      reveal: isRevealed(duel) ? await service.getReveal(duel.id) : undefined,
      // Every finished duel stores a composite; checking each blob would read megabytes per page.
      hasComposite: duel.status !== 'generating',
      animated: Boolean(facts.get(duel.id) && (facts.get(duel.id)!.A.animated || facts.get(duel.id)!.B.animated)),
    })),
  );
}

export function notFoundPage(what = 'This page does not exist.'): string {
  return page({ title: 'Not found', nav: 'none', body: html`<h1>Not found</h1><p>${what}</p><p><a href="/">Back to the arena</a></p>` });
}

/**
 * Pages show an animated drawing through `<img src>` only, where no script ever runs; this policy
 * also keeps it inert when opened on its own (no scripts, no requests, only its own inline styles
 * and data: images), and nosniff stops any other reading of it.
 */
export const SVG_IMAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox";

function svgResponse(c: Context, svg: string, downloadName?: string) {
  c.header('Content-Type', downloadName ? 'application/octet-stream' : 'image/svg+xml');
  if (downloadName) c.header('Content-Disposition', `attachment; filename="${downloadName}"`);
  c.header('Content-Security-Policy', SVG_IMAGE_CSP);
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Cache-Control', 'private, max-age=3600');
  return c.body(svg);
}

function pngResponse(c: Context, png: Buffer | undefined) {
  if (!png) return c.text('This picture does not exist (yet).', 404);
  c.header('Content-Type', 'image/png');
  c.header('Cache-Control', 'private, max-age=3600');
  return c.body(new Uint8Array(png));
}

/** The animated composite: the same A | B layout and labels as the PNG, so as blind as it. */
function gifResponse(c: Context, gif: Buffer | undefined) {
  if (!gif) return c.text('This picture does not exist (yet).', 404);
  c.header('Content-Type', 'image/gif');
  c.header('Cache-Control', 'private, max-age=3600');
  return c.body(new Uint8Array(gif));
}

/**
 * A closed duel with no picture stored had them pruned (every finished duel stores its composite):
 * with a redrawing image source, its pictures are shown as if stored, and drawn again when asked for.
 */
function prunedPictures(duel: DuelRecord, kinds: readonly string[], images: ImageSource | undefined): boolean {
  return images !== undefined && (duel.status === 'closed' || duel.status === 'no-contest') && kinds.length === 0;
}

/**
 * Which sides' pictures a duel shows: stored, or pruned and drawn again on request (a side that drew).
 * Read from what is stored, never by asking for the picture: that would redraw a pruned one.
 */
async function sidesShown(service: DuelApi, duel: DuelRecord, images: ImageSource | undefined, kinds: readonly string[]): Promise<Record<Side, boolean>> {
  const pruned = prunedPictures(duel, kinds, images);
  const facts = pruned ? (await service.drawingFacts([duel.id])).get(duel.id) : undefined;
  return { A: kinds.includes('A') || facts?.A.ok === true, B: kinds.includes('B') || facts?.B.ok === true };
}

/** A duel's pictures: each side's PNG and blind SVG, the A | B composite and its GIF. */
async function duelFileResponse(c: Context, service: DuelApi, duel: DuelRecord, file: string, redraw: ImageSource | undefined) {
  const images = redraw ?? service;
  if (file === 'animated.gif') return gifResponse(c, await images.image(duel.id, 'animated'));
  const m = /^(A|B|composite)\.(png|svg)$/.exec(file);
  if (!m) return c.text('Not found.', 404);
  const [, kind, ext] = m as unknown as [string, 'A' | 'B' | 'composite', 'png' | 'svg'];
  if (ext === 'png') return pngResponse(c, await images.image(duel.id, kind));
  if (kind === 'composite') return c.text('Not found.', 404);
  const side = kind as Side;
  // The sanitized SVG holds no more than the PNG shows (no labels, no comments), so it is served
  // exactly when that side's PNG is: open duels stay as blind as their pictures.
  if (!(await sidesShown(service, duel, redraw, await service.imageKinds(duel.id)))[side]) return c.text('This picture does not exist (yet).', 404);
  const svg = (await service.getEntries(duel.id))?.[side].svg;
  if (!svg) return c.text('This side has no drawing.', 404);
  return svgResponse(c, svg, c.req.query('download') !== undefined ? `prompt-duel-${duel.id}-${side}.svg` : undefined);
}

export function mountPages(app: Hono, deps: PageDeps): void {
  const { service } = deps;
  const duelPage = duelParam(service, (c) => htmlPage(c, notFoundPage('There is no duel with this id.'), 404));
  const duelFile = duelParam(service, (c) => c.text('Not found.', 404));

  app.get('/', async (c) => {
    const voter = await ensureVoter(c, deps.visitors);
    const { cards: recent } = await deps.lists.get('arena', async () => {
      const { duels, total } = await service.listDuels({ platform: 'web', limit: 6, offset: 0 });
      return { cards: await cards(service, duels), total };
    });
    const [status, offered] = await Promise.all([deps.contenderStatus(), deps.offeredModels?.() ?? null]);
    const refused = voter ? undefined : deps.visitors.limits.message('voter');
    return htmlPage(c, page({ title: 'Arena', nav: 'arena', body: arenaBody({ status, offered, recent, refused, contenders: service.contenders(), showHosts: deps.showHosts, promptMax: service.promptMaxChars() }) }));
  });

  // The visitor first: a page for an unknown duel still issues the voter cookie, as every page does.
  app.get('/duels/:id', pageVisitor(deps.visitors), duelPage, async (c) => {
    const voter = c.get('visitor');
    const duel = c.get('duel');
    const reveal = isRevealed(duel) ? await service.getReveal(duel.id) : undefined;
    const kinds = await service.imageKinds(duel.id);
    const facts = (await service.drawingFacts([duel.id])).get(duel.id);
    const pruned = prunedPictures(duel, kinds, deps.images);
    const hasImage = await sidesShown(service, duel, deps.images, kinds);
    const body = duelBody({
      duel,
      reveal,
      entries: reveal ? await service.getEntries(duel.id) : undefined,
      hasImage,
      ...drawingDisplay(facts, kinds.includes('animated') || pruned, deps.liveFrameMs),
      votes: await votesShown(service, duel),
      myVote: await myVote(service, duel, voter),
      isAuthor: voter !== undefined && duel.author === voterKey(voter),
      refused: voter ? undefined : deps.visitors.limits.message('voter'),
      progress: duel.status === 'generating' ? deps.live.get(duel.id)?.progress : undefined,
      next: reveal ? ((await nextOpenDuel(service, duel)) ?? null) : undefined,
    });
    const title = truncate(duel.prompt, 58);
    const og = duelPreview(duel, requestOrigin(c, deps.trustProxy ?? 0));
    return htmlPage(c, page({ title, nav: 'none', body, description: 'A blind drawing duel between two AI models.', og }));
  });

  app.get('/duels/:id/:file', duelFile, (c) => duelFileResponse(c, service, c.get('duel'), c.req.param('file'), deps.images));

  app.get('/gallery', async (c) => {
    await ensureVoter(c, deps.visitors);
    const q = (k: string) => c.req.query(k) || undefined;
    let platform = asPlatform(q('platform'));
    let community = q('community');
    const where = q('where');
    if (where !== undefined || q('platform') === undefined) {
      const [p, comm] = (where ?? '').split('|');
      platform = asPlatform(p);
      community = platform ? comm || undefined : undefined;
    }
    const contenders = service.contenders();
    const contender = contenders.some((x) => x.spec === q('contender')) ? q('contender') : undefined;
    const pageNo = Math.max(1, Math.min(10_000, Number.parseInt(q('page') ?? '1', 10) || 1));
    // A model filter on an open duel would tell who is in it: list only revealed duels then.
    const key = JSON.stringify(['gallery', platform, community, contender, pageNo]);
    const { cards: shown, total } = await deps.lists.get(key, async () => {
      const { duels, total } = await service.listDuels({ platform, community, contender, revealedOnly: Boolean(contender), limit: deps.pageSize, offset: (pageNo - 1) * deps.pageSize });
      return { cards: await cards(service, duels), total };
    });
    const body = galleryBody({
      cards: shown,
      total,
      page: pageNo,
      pageSize: deps.pageSize,
      contenders,
      filter: { contender, platform, community },
    });
    return htmlPage(c, page({ title: 'Gallery', nav: 'gallery', body }));
  });

  mountLeaderboard(app, { service, visitors: deps.visitors, onError: deps.onBoardError });
}
