import { AppError } from '../errors.js';

/**
 * How deeply a client's JSON may nest. Every body Majlis accepts is at most three
 * levels deep (`{ settings: { moderationKeys: [...] } }`); 16 leaves room for
 * clients that wrap, and keeps every walk over client input shallow.
 */
export const MAX_JSON_DEPTH = 16;

export const tooDeep = () => new AppError('bad_request', 400, 'too_deep', { max: MAX_JSON_DEPTH });

/**
 * Does this raw JSON text open more than `max` arrays/objects at once? One pass over
 * the bytes, no recursion, strings skipped (a "[" inside a string is text). Run before
 * JSON.parse, so nothing ever walks a deeper value.
 */
export function rawJsonTooDeep(buf: Uint8Array, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/**
 * Is this already-parsed value nested deeper than `max`? Iterative, and it stops at
 * the first container past the limit, so its cost is bounded by the value's size.
 * Used for Socket.IO payloads, which the socket.io parser has parsed already.
 */
export function valueTooDeep(value: unknown, max = MAX_JSON_DEPTH): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d + 1 > max) return true;
    const children = Array.isArray(v) ? v : Object.values(v as Record<string, unknown>);
    for (const child of children) if (child !== null && typeof child === 'object') stack.push([child, d + 1]);
  }
  return false;
}

/** body-parser `verify` hook: a too-deep body fails before it is parsed (turned into a 400 by the error middleware). */
export function verifyJsonDepth(_req: unknown, _res: unknown, buf: Buffer): void {
  if (rawJsonTooDeep(buf)) throw Object.assign(new Error('JSON nested too deeply'), { type: 'entity.too.deep', status: 400 });
}

/** JSON with object keys sorted (so a retry that rebuilt its body in another order matches); depth-bounded. */
export function canonicalJson(v: unknown, depth = 0): string {
  if (depth > MAX_JSON_DEPTH) throw tooDeep();
  if (Array.isArray(v)) return `[${v.map((x) => canonicalJson(x, depth + 1)).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k], depth + 1)}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}
