/**
 * The reader actions' calls (ISSUE14-API.md) and what they keep in localStorage:
 * a random reader id (`majlis:reader`, sent as the `Majlis-Reader` header on
 * likes and reports) and the ids of comments this reader liked (`majlis:liked`).
 */
import { call, randomKey } from '../api.js';
import { read, write } from '../storage.js';
import type { PublicComment } from '../types.js';

const READER_KEY = 'majlis:reader';
const LIKED_KEY = 'majlis:liked';
const LIKED_MAX = 500;

/** This browser's reader id: 32 hex characters, made once (16–64 of [A-Za-z0-9_-] per the API). */
export function readerId(): string {
  const id = read<string>(READER_KEY);
  if (typeof id === 'string' && /^[A-Za-z0-9_-]{16,64}$/.test(id)) return id;
  const made = randomKey();
  write(READER_KEY, made);
  return made;
}

export const loadLiked = (): Set<string> => new Set(read<string[]>(LIKED_KEY)?.filter((x) => typeof x === 'string') ?? []);
export const saveLiked = (ids: Set<string>) => write(LIKED_KEY, [...ids].slice(-LIKED_MAX));

const json = (method: string, body: unknown, reader = false): RequestInit => ({
  method,
  headers: { 'Content-Type': 'application/json', ...(reader ? { 'Majlis-Reader': readerId() } : {}) },
  body: JSON.stringify(body),
});
const at = (id: string, rest = '') => `api/comments/${encodeURIComponent(id)}${rest}`;

/** The status the server gives the edited comment (it may be held again or refused by the filters). */
export type EditStatus = 'approved' | 'pending' | 'spam' | 'trash';

/** PATCH: 200 `{ comment, editableUntil }`; 403 `edit_window_closed` / `forbidden`, 422 validation. */
export const editComment = (id: string, content: string, editToken: string, lang: string) =>
  call<{ comment: PublicComment & { status: EditStatus }; editableUntil: string | null }>(at(id), lang, json('PATCH', { content, editToken }));

/** DELETE: 200 `{ ok: true }`; same errors as editing. */
export const deleteComment = (id: string, editToken: string, lang: string) => call<{ ok: true }>(at(id), lang, json('DELETE', { editToken }));

/** Like (`on`) or unlike: 200 `{ id, likes, liked }`, idempotent per reader. */
export const react = (id: string, on: boolean, lang: string) =>
  call<{ id: string; likes: number; liked: boolean }>(at(id, '/reactions'), lang, json(on ? 'POST' : 'DELETE', { reaction: 'like' }, true));

export type Reason = 'spam' | 'abuse' | 'off_topic' | 'other';

/** Report: 202 `{ ok: true }`, once per reader per comment (a repeat is 202 and not counted). */
export const report = (id: string, reason: Reason, note: string, lang: string) =>
  call<{ ok: true }>(at(id, '/reports'), lang, json('POST', note ? { reason, note } : { reason }, true));
