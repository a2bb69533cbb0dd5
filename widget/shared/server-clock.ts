/**
 * The server's clock as seen from this browser. A reader's clock may be minutes
 * off; comment times come from the server, so "how long ago" is measured against
 * the server's time, estimated from the `Date` header of its answers
 * (one-second resolution: the middle of that second, at the middle of the round trip).
 */
let offset = 0;

/** Notes one answer's `Date` header; `sentAt` is Date.now() when the request left. */
export function noteServerDate(res: Response, sentAt: number): void {
  const date = Date.parse(res.headers.get('Date') ?? '');
  if (!Number.isFinite(date)) return;
  const now = Date.now();
  offset = date + 500 - (sentAt + now) / 2;
}

/** The server's current time in ms, by this browser's estimate. */
export const serverNow = (): number => Date.now() + offset;
