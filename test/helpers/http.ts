import type { TestApp } from './app.js';

export const TEST_UA = 'MajlisTestAgent/1.0 (leak canary)';

/** Every public response body seen by the suite, scanned later for leaked emails and IPs. */
export const publicBodies: string[] = [];
/** Emails, IPs and user agents the suite sent; none may appear in a public body. */
export const secretsSeen = new Set<string>(['127.0.0.1', TEST_UA]);

export interface Res<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export async function request<T = any>(
  app: TestApp,
  method: string,
  path: string,
  opts: { body?: unknown; raw?: string; headers?: Record<string, string>; cookie?: string; lang?: string } = {},
): Promise<Res<T>> {
  const headers: Record<string, string> = { 'user-agent': TEST_UA, ...opts.headers };
  const b = opts.body as Record<string, unknown> | undefined;
  if (b && typeof b.email === 'string' && b.email.includes('@')) secretsSeen.add(b.email);
  const xff = headers['x-forwarded-for'];
  if (xff) secretsSeen.add(xff);
  if (opts.body !== undefined || opts.raw !== undefined) headers['content-type'] ??= 'application/json';
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.lang) headers['accept-language'] = opts.lang;
  const res = await fetch(app.url + path, {
    method,
    headers,
    body: opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
  });
  const text = await res.text();
  if (!opts.cookie && !path.startsWith('/api/moderation') && !path.startsWith('/api/auth')) publicBodies.push(text);
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, headers: res.headers, body, text };
}

let seq = 0;
/** A valid comment body; override any field. Unique content per call to avoid duplicates. */
export function commentBody(app: TestApp, over: Record<string, unknown> = {}) {
  seq += 1;
  return {
    site: app.site,
    page: '/articles/1',
    name: 'سارة',
    email: `sara${seq}@example.com`,
    content: `تعليق رقم ${seq} على المقال`,
    ...over,
  };
}

export const postComment = (app: TestApp, over: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  request(app, 'POST', '/api/comments', { body: commentBody(app, over), headers });

/** Logs in and returns the session cookie ("majlis_sid=…"). */
export async function login(app: TestApp, creds = app.admin): Promise<string> {
  const res = await fetch(`${app.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(creds),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
  const cookie = res.headers.get('set-cookie') ?? '';
  return cookie.split(';')[0]!;
}

export async function moderate(app: TestApp, cookie: string, id: string, action: string, version?: number) {
  return request(app, 'POST', `/api/moderation/comments/${id}/actions`, {
    body: version === undefined ? { action } : { action, version },
    cookie,
    headers: { origin: app.url },
  });
}
