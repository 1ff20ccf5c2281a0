/**
 * Slack signs each HTTP request with its timestamp and asks apps to refuse requests more than five
 * minutes off, against replays. Bolt refuses those more than five minutes OLD but accepts any from
 * the future, so a captured (or forged-clock) request would stay replayable for as long as its
 * timestamp lies ahead. This refuses both ways, before Bolt sees the request.
 */
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';

/** How far a request's timestamp may be from our clock, either way, in ms (Slack's own five minutes). */
export const REQUEST_WINDOW_MS = 5 * 60_000;

/** True when the request says it was sent more than the window ahead of `nowMs`. */
export function fromTheFuture(req: IncomingMessage, nowMs: number): boolean {
  const sec = Number(req.headers['x-slack-request-timestamp']);
  return Number.isFinite(sec) && sec * 1000 > nowMs + REQUEST_WINDOW_MS;
}

/** Put the future check in front of the server's own request handling (Bolt's receiver). */
export function refuseFutureRequests(server: Server, now: () => number = Date.now): void {
  const listeners = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (fromTheFuture(req, now())) {
      res.writeHead(401, { 'content-type': 'text/plain' });
      res.end('request timestamp is more than 5 minutes ahead');
      return;
    }
    for (const listener of listeners) listener.call(server, req, res);
  });
}
