import type { Lang } from './i18n/i18n.js';

import { ApiError } from '../shared/api-error.js';
import { noteServerDate } from '../shared/server-clock.js';

export { ApiError };

/**
 * Same-origin JSON calls to the server. Sends the dashboard's language so
 * server messages come back in it, and reports a lost session once.
 */
export class Api {
  constructor(
    private readonly lang: () => Lang,
    private readonly onUnauthorized: () => void,
    private readonly networkMessage: () => string,
  ) {}

  get<T>(path: string): Promise<T> {
    return this.call<T>('GET', path);
  }

  send<T>(method: 'POST' | 'PATCH' | 'DELETE', path: string, body: unknown): Promise<T> {
    return this.call<T>(method, path, body);
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': this.lang() };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res: Response;
    const sentAt = Date.now();
    try {
      res = await fetch(path, {
        method,
        headers,
        credentials: 'same-origin',
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, 'network', this.networkMessage());
    }
    noteServerDate(res, sentAt);
    if (res.status === 204) return undefined as T;
    const data = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (res.ok) return data as T;
    // A wrong password is a 401 too, but it is not a lost session.
    if (res.status === 401 && path !== '/api/auth/login' && path !== '/api/auth/me') this.onUnauthorized();
    const fields = typeof data.fields === 'object' && data.fields ? (data.fields as Record<string, string>) : {};
    const message = typeof data.message === 'string' ? data.message : `HTTP ${res.status}`;
    throw new ApiError(res.status, typeof data.error === 'string' ? data.error : 'http', message, fields, Number(res.headers.get('Retry-After')) || 0, data);
  }
}
