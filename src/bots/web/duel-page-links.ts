/**
 * Links a duel page gives beyond itself: its absolute address and picture for link previews
 * (Open Graph), and the next open duel to vote on after a reveal.
 */
import type { Context } from 'hono';
import type { DuelReading } from '../../core/duel/duel-api.js';
import type { DuelRecord } from '../../core/model/records.js';
import { truncate } from '../../core/board/table-text.js';

/**
 * The origin people reached this server at, for absolute URLs in link previews. The Host header
 * has been checked against the allowed hosts already; behind a trusted proxy (DUEL_WEB_TRUST_PROXY)
 * its X-Forwarded-Proto says whether people used https.
 */
export function requestOrigin(c: Context, trustProxy: number): string {
  const url = new URL(c.req.url);
  const forwarded = trustProxy > 0 ? c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() : undefined;
  if (forwarded === 'https' || forwarded === 'http') url.protocol = `${forwarded}:`;
  return url.origin;
}

/** Open Graph of a duel page: its prompt, its address, and the blind A | B composite once drawn. */
export function duelPreview(duel: DuelRecord, origin: string): { title: string; url: string; image?: string } {
  const prompt = truncate(duel.prompt, 90);
  return {
    title: `“${prompt}”: which drawing is better?`,
    url: `${origin}/duels/${duel.id}`,
    ...(duel.status === 'generating' ? {} : { image: `${origin}/duels/${duel.id}/composite.png` }),
  };
}

/** Another open arena duel to vote on (the one closing first: openDuels comes in closing order), or undefined. */
export async function nextOpenDuel(service: Pick<DuelReading, 'openDuels'>, current: DuelRecord): Promise<DuelRecord | undefined> {
  return (await service.openDuels('web')).find((d) => d.id !== current.id);
}
