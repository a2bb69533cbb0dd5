import type { CursorPos } from '../domain/types.js';
import { badRequest } from '../errors.js';

/** Cursors are opaque to clients: base64url of the last item's (createdAt, id). */
export function encodeCursor(pos: CursorPos | null): string | null {
  return pos ? Buffer.from(JSON.stringify([pos.createdAt, pos.id])).toString('base64url') : null;
}

export function decodeCursor(raw: string | undefined): CursorPos | null {
  if (!raw) return null;
  try {
    const v: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && Number.isSafeInteger(v[0]) && typeof v[1] === 'string' && v[1].length <= 64) {
      return { createdAt: v[0] as number, id: v[1] };
    }
  } catch {
    // fall through
  }
  throw badRequest('bad_param', { param: 'cursor' });
}
