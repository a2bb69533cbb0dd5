import type { Request } from 'express';
import { AppError, badRequest } from '../errors.js';
import { clientPageKey } from '../validation/page-key.js';

/** The client IP as Express sees it (TRUST_PROXY decides), IPv4-mapped addresses unwrapped. */
export function clientIp(req: Request): string {
  const ip = req.ip ?? req.socket.remoteAddress ?? '';
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}

/**
 * The key rate limits count by: the IPv4 address, or the /64 network of an IPv6
 * address (one subscriber usually holds a whole /64 and could rotate through it).
 */
export function rateKey(ip: string): string {
  if (!ip.includes(':')) return ip;
  const [head = '', tail = ''] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.toLowerCase().replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/**
 * Is this Origin the server itself? Only the host is compared, so a TLS-terminating
 * proxy without TRUST_PROXY (http inside, https outside) still counts as home.
 */
export function isSameHost(origin: string, host: string | undefined): boolean {
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false; // "null" or garbage
  }
}

export function isLocalhostOrigin(origin: string): boolean {
  try {
    const h = new URL(origin).hostname;
    return h === 'localhost' || h === '127.0.0.1' || h === '[::1]' || h.endsWith('.localhost');
  } catch {
    return false;
  }
}

/**
 * A single-valued query string parameter of at most `max` characters (default 500).
 * Errors: 400 missing_param when required and absent or empty; 400 bad_param when repeated;
 * 400 param_too_long (naming it and the bound) when longer. A GET has no body, so a long
 * parameter is never a 413; a URL too long for Node's parser is answered in client-error.ts.
 */
export function queryString(req: Request, name: string, opts: { required?: boolean; max?: number } = {}): string | undefined {
  const v = req.query[name];
  if (v === undefined || v === '') {
    if (opts.required) throw badRequest('missing_param', { param: name });
    return undefined;
  }
  if (typeof v !== 'string') throw badRequest('bad_param', { param: name });
  const max = opts.max ?? 500;
  if (v.length > max) throw badRequest('param_too_long', { param: name, max });
  return v;
}

/**
 * The `page` query parameter as a canonical thread key (see clientPageKey): 400 missing_param
 * when required and absent or empty, 400 bad_param when it is an array, too long, or nothing
 * once canonical (" ", "%20"). Absent and not required: undefined.
 */
export function queryPageKey(req: Request, opts: { required?: boolean } = {}): string | undefined {
  const raw = queryString(req, 'page', opts);
  if (raw === undefined) return undefined;
  const key = clientPageKey(raw);
  if (key === null) throw badRequest('bad_param', { param: 'page' });
  return key;
}

/** CSRF defence beside SameSite=Strict: a browser request carrying an Origin must come from this host. */
export function assertSameOrigin(req: Request): void {
  const origin = req.get('origin');
  if (origin !== undefined && !isSameHost(origin, req.get('host'))) throw new AppError('forbidden', 403, 'csrf');
}
