/**
 * Browser-facing defences: a strict Content-Security-Policy on every response (scripts and
 * styles only from our own files, images only from us, no framing), a Host allow-list
 * against DNS rebinding, and a same-origin check on every write.
 */
import type { MiddlewareHandler } from 'hono';

export const CSP = [
  "default-src 'none'",
  "img-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    // A route may tighten it further (SVG downloads add `sandbox`).
    if (!h.has('Content-Security-Policy')) h.set('Content-Security-Policy', CSP);
    h.set('X-Content-Type-Options', 'nosniff');
    h.set('X-Frame-Options', 'DENY');
    h.set('Referrer-Policy', 'same-origin');
    h.set('Cross-Origin-Opener-Policy', 'same-origin');
    h.set('Cross-Origin-Resource-Policy', 'same-origin');
  };
}

function hostName(hostHeader: string): string {
  // "[::1]:8787" -> "[::1]", "localhost:8787" -> "localhost"
  if (hostHeader.startsWith('[')) return hostHeader.slice(0, hostHeader.indexOf(']') + 1);
  return hostHeader.split(':')[0]!.toLowerCase();
}

/** Refuse requests whose Host is not ours (a rebinding page would send its own name). */
export function hostAllowList(allowed: string[] | undefined): MiddlewareHandler {
  const names = allowed ? new Set(allowed.map((h) => h.toLowerCase())) : undefined;
  return async (c, next) => {
    if (names) {
      const host = c.req.header('host');
      if (!host || !names.has(hostName(host))) {
        return c.text('This server only answers to its own host name (set DUEL_WEB_ALLOWED_HOSTS to add one).', 421);
      }
    }
    await next();
  };
}

/**
 * Writes must come from our own pages: Sec-Fetch-Site (sent by every current browser) must be
 * same-origin, an Origin header must match the Host, and the body must be JSON with our
 * custom header, which a cross-site form or no-cors fetch cannot send without a preflight
 * we never approve.
 */
export function sameOriginWrites(): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const site = c.req.header('sec-fetch-site');
    if (site && site !== 'same-origin') return forbidden(c, `cross-site request refused (Sec-Fetch-Site: ${site})`);
    const origin = c.req.header('origin');
    if (origin) {
      let originHost: string;
      try {
        originHost = new URL(origin).host;
      } catch {
        return forbidden(c, 'cross-site request refused (bad Origin)');
      }
      if (originHost !== c.req.header('host')) return forbidden(c, 'cross-site request refused (Origin does not match)');
    }
    if (c.req.header('x-duel-client') !== '1') return forbidden(c, 'missing X-Duel-Client header: use the arena page');
    if (!(c.req.header('content-type') ?? '').toLowerCase().startsWith('application/json')) {
      return c.json({ error: 'Send JSON (Content-Type: application/json).' }, 415);
    }
    return next();
  };
}

function forbidden(c: Parameters<MiddlewareHandler>[0], why: string) {
  return c.json({ error: `Forbidden: ${why}.` }, 403);
}
