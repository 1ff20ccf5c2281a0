/**
 * Event streams over their cap refused before the web framework sees them. A flood of stream
 * attempts (thousands at once from one address) is answered 429 straight from the node request,
 * so each refusal costs a header parse and a short write, not a Request, a route and a Response:
 * the arena's own pages and `/healthz` keep answering meanwhile. Only refuses: the stream route
 * still admits (stream-caps.ts), so the two can never disagree about a stream that is let in.
 */
import type { RequestListener } from 'node:http';
import { addressFrom } from './client-address.js';
import type { StreamCaps } from './stream-caps.js';

const EVENTS_PATH = /^\/api\/duels\/[^/?#]+\/events(?:[?#]|$)/;

/** `next`, except that a stream request over a cap is answered 429 with Retry-After here. */
export function gateStreams(streams: StreamCaps, trustProxy: number, next: RequestListener): RequestListener {
  return (req, res) => {
    if (req.method !== 'GET' || !EVENTS_PATH.test(req.url ?? '')) return next(req, res);
    const forwarded = req.headers['x-forwarded-for'];
    const address = addressFrom(req.socket.remoteAddress ?? 'unknown', Array.isArray(forwarded) ? forwarded.join(',') : forwarded, trustProxy);
    const refused = streams.refusal(address);
    if (!refused) return next(req, res);
    res.writeHead(429, {
      'Content-Type': 'application/json; charset=UTF-8',
      'Retry-After': String(refused.retryAfterS),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    });
    res.end(JSON.stringify({ error: refused.message }));
  };
}
