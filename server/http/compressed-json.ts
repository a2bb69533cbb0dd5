import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';

/**
 * JSON answers for a route registered before the compression middleware (issue 10: POST
 * /api/comments). Compression wraps every response it sees, and that wrapping was a tenth
 * of a held POST's CPU, yet it compresses only bodies of `threshold` bytes or more: below
 * that, all it does to a JSON answer is add `Vary: Accept-Encoding`. So a small answer gets
 * exactly that, and a big one, or an error, goes through the same middleware as on every
 * other route (called at that point instead of before the route).
 */
export function compressedJson(compress: RequestHandler, threshold: number) {
  return {
    /** What `res.status(status).json(body)` sends behind `compress`. */
    send(req: Request, res: Response, status: number, body: unknown): void {
      const text = JSON.stringify(body);
      res.status(status);
      if (!res.get('Content-Type')) res.set('Content-Type', 'application/json');
      if (Buffer.byteLength(text) < threshold) {
        // compression's answer to a compressible type below its threshold (no Cache-Control: no-transform here)
        res.vary('Accept-Encoding');
        res.send(text);
      } else compress(req, res, () => res.send(text));
    },
    /** Last handler of such a route: its errors are answered behind `compress` too. */
    failed: ((err, req, res, next) => compress(req, res, () => next(err))) as ErrorRequestHandler,
  };
}
