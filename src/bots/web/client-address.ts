/**
 * Which client a request comes from, for the per-address limits. The socket's peer address,
 * unless DUEL_WEB_TRUST_PROXY says reverse proxies stand in front: then the address the
 * outermost trusted proxy saw, read from the right of X-Forwarded-For (entries further left
 * are whatever the client chose to send, so they are never believed).
 */
import { isIP } from 'node:net';
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';

/** The socket peer, or `unknown` for requests that did not come over a socket (app.request in tests). */
function socketAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * The client's address as a limit key. IPv4-mapped IPv6 becomes IPv4, and IPv6 is cut to its
 * /64 (one subscriber usually holds a whole /64, so single addresses would be free to rotate).
 * `trustProxy` is the number of reverse proxies in front whose X-Forwarded-For is believed.
 */
export function clientAddress(c: Context, trustProxy: number): string {
  return addressFrom(socketAddress(c), c.req.header('x-forwarded-for'), trustProxy);
}

/** clientAddress from the socket peer and the X-Forwarded-For header (for a raw node request). */
export function addressFrom(peer: string, forwardedFor: string | undefined, trustProxy: number): string {
  if (trustProxy > 0) {
    const hops = (forwardedFor ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    if (hops.length > 0) {
      const seen = hops[Math.max(0, hops.length - trustProxy)]!;
      if (isIP(stripZone(seen))) return addressKey(seen);
    }
  }
  return addressKey(peer);
}

function stripZone(a: string): string {
  const i = a.indexOf('%');
  return i >= 0 ? a.slice(0, i) : a;
}

export function addressKey(raw: string): string {
  const a = stripZone(raw.trim()).toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (mapped) return mapped[1]!;
  if (isIP(a) !== 6) return a;
  return `${expandIpv6(a).slice(0, 4).join(':')}::/64`;
}

/** Eight 16-bit groups of an IPv6 address, without zero compression. */
function expandIpv6(a: string): string[] {
  let text = a;
  // A trailing dotted IPv4 part counts as two groups.
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [b0, b1, b2, b3] = v4.slice(1).map(Number) as [number, number, number, number];
    text = text.slice(0, v4.index) + `${((b0 << 8) | b1).toString(16)}:${((b2 << 8) | b3).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const left = head ? head.split(':') : [];
  const right = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((g) => Number.parseInt(g || '0', 16).toString(16));
}
