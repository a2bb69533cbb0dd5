/**
 * A failed call to the Majlis server, in its `{ error, message, fields? }` shape.
 * `status` 0 means the server was not reached; `retryAfter` comes from the
 * Retry-After header (seconds); `body` is the whole error answer.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
    readonly retryAfter = 0,
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}
