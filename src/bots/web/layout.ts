/** The page frame shared by every HTML page: head, navigation, footer. */
import type { Context } from 'hono';
import { html, type SafeHtml } from './html.js';

export type NavItem = 'arena' | 'leaderboard' | 'gallery' | 'none';

export interface PageOptions {
  title: string;
  nav: NavItem;
  body: SafeHtml;
  /** Short description for link previews. */
  description?: string;
  /** Open Graph tags, so a link pasted in Discord or Slack shows a preview (absolute URLs). */
  og?: { title: string; url: string; image?: string };
}

/** og:* (and the large-image card) for link previews; nothing when the page has none. */
function openGraph(og: PageOptions['og'], description: string): SafeHtml {
  if (!og) return html``;
  return html`<meta property="og:type" content="website">
<meta property="og:site_name" content="prompt-duel">
<meta property="og:title" content="${og.title}">
<meta property="og:description" content="${description}">
<meta property="og:url" content="${og.url}">
${og.image ? html`<meta property="og:image" content="${og.image}">
<meta name="twitter:card" content="summary_large_image">` : ''}`;
}

const DESCRIPTION = 'Blind SVG drawing duels between AI models, with an honest leaderboard.';

export function page(opts: PageOptions): string {
  const link = (item: NavItem, path: string, text: string) =>
    html`<a href="${path}"${opts.nav === item ? html` aria-current="page"` : ''}>${text}</a>`;
  return `<!doctype html>${html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>${opts.title} · prompt-duel</title>
<meta name="description" content="${opts.description ?? DESCRIPTION}">
${openGraph(opts.og, opts.description ?? DESCRIPTION)}
<link rel="stylesheet" href="/static/style.css">
<script src="/static/app.js" defer></script>
</head>
<body>
<header class="top">
  <a class="brand" href="/"><span class="brand-mark" aria-hidden="true">A|B</span> prompt-duel</a>
  <nav>${link('arena', '/', 'Arena')}${link('leaderboard', '/leaderboard', 'Leaderboard')}${link('gallery', '/gallery', 'Gallery')}</nav>
</header>
<main>
${opts.body}
</main>
<footer class="foot">Blind duels: who drew what is revealed only when voting closes.</footer>
</body>
</html>`.value}`;
}

/** A page as a response: never stored, since pages show the visitor's own state (their vote, their board). */
export function htmlPage(c: Context, body: string, status: 200 | 404 = 200) {
  c.header('Cache-Control', 'no-store');
  return c.html(body, status);
}
