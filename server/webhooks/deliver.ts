import http from 'node:http';
import https from 'node:https';
import { signatureHeader } from './signing.js';
import { isIP } from 'node:net';
import { guardedLookup, isPrivateAddress, UnsafeAddressError } from './ssrf.js';

/** A delivery that took longer than this is retried (issue 12: 10 s). */
export const WEBHOOK_TIMEOUT_MS = 10_000;

export interface DeliveryResult {
  ok: boolean;
  /** HTTP status, or null when no answer came (timeout, refused, unsafe address) */
  status: number | null;
  error: string | null;
}

/**
 * POSTs one delivery: the raw JSON body as stored, with `Majlis-Event`,
 * `Majlis-Delivery` and a fresh `Majlis-Signature`. 2xx is success; anything
 * else (or no answer within the timeout) is a failure to retry. Redirects are
 * not followed (a redirect could lead to an internal address).
 */
export function deliver(opts: {
  url: string;
  secret: string;
  event: string;
  deliveryId: string;
  rawBody: string;
  now: number;
  allowPrivate: boolean;
  timeoutMs?: number;
}): Promise<DeliveryResult> {
  const u = new URL(opts.url);
  const client = u.protocol === 'https:' ? https : http;
  // An address literal never goes through `lookup` (Node connects to it directly): check it here.
  const literal = u.hostname.replace(/^\[|\]$/g, '');
  if (!opts.allowPrivate && isIP(literal) && isPrivateAddress(literal)) {
    return Promise.resolve({ ok: false, status: null, error: new UnsafeAddressError(literal).message });
  }
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: DeliveryResult) => {
      if (settled) return;
      settled = true;
      resolve(r);
    };
    const req = client.request(
      u,
      {
        method: 'POST',
        lookup: guardedLookup(opts.allowPrivate),
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(opts.rawBody),
          'user-agent': 'Majlis-Webhooks/1',
          'majlis-event': opts.event,
          'majlis-delivery': opts.deliveryId,
          'majlis-signature': signatureHeader(opts.secret, opts.rawBody, Math.floor(opts.now / 1000)),
        },
        timeout: opts.timeoutMs ?? WEBHOOK_TIMEOUT_MS,
      },
      (res) => {
        res.resume(); // the body is not needed; drain it so the socket is freed
        const status = res.statusCode ?? 0;
        res.on('end', () => done({ ok: status >= 200 && status < 300, status, error: status >= 200 && status < 300 ? null : `HTTP ${status}` }));
        res.on('error', (e) => done({ ok: false, status, error: e.message }));
      },
    );
    req.on('timeout', () => {
      req.destroy(new Error(`no answer within ${opts.timeoutMs ?? WEBHOOK_TIMEOUT_MS} ms`));
    });
    req.on('error', (e) => done({ ok: false, status: null, error: e.message }));
    req.end(opts.rawBody);
  });
}
