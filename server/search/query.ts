import { STATUSES, type CommentStatus, type CursorPos } from '../domain/types.js';
import { AppError } from '../errors.js';
import { normalizeForMatch } from '../moderation/normalize.js';
import { parseIpOrCidr } from '../rules/match.js';
import { normalizePageKey } from '../validation/comment-input.js';

/**
 * A parsed moderation search. Words (and names) are folded as moderation words are
 * (tashkeel, tatweel, hamza forms, Arabic-Indic digits…) and must all appear in the
 * comment (its text, or its author's name for `names`). Several values of one operator
 * are alternatives (OR); different operators all apply (AND).
 */
export interface SearchQuery {
  site: string;
  /** empty: every status */
  statuses: CommentStatus[];
  words: string[];
  names: string[];
  emails: string[];
  /** canonical addresses or CIDR ranges */
  ips: Array<{ value: string; family: 'ipv4' | 'ipv6'; address: string; prefix: number }>;
  pages: string[];
  /** page URLs: an exact URL, or a prefix when it ends with "*" */
  urls: string[];
  before: CursorPos | null;
  limit: number;
}

const OPERATORS = ['email', 'name', 'ip', 'page', 'url', 'status'] as const;
type Operator = (typeof OPERATORS)[number];
const MAX_TERMS = 20;

/** Splits on spaces, keeping "quoted phrases" and op:"quoted values" whole. */
function tokens(q: string): string[] {
  const out: string[] = [];
  const re = /(\w+:)?"([^"]*)"|\S+/gu;
  for (const m of q.matchAll(re)) out.push(m[1] !== undefined || m[2] !== undefined ? `${m[1] ?? ''}${m[2] ?? ''}` : m[0]);
  return out;
}

const bad = (param: string) => new AppError('validation', 422, 'validation', undefined, { q: { key: 'search_bad_operator', params: { param } } });

/**
 * Parses `q` (words and `email:`, `name:`, `ip:`, `page:`, `url:`, `status:` operators)
 * plus the `status` and `page` parameters. An unknown `word:` is searched as a word.
 */
export function parseSearch(p: { site: string; q: string; status?: string; page?: string; before: CursorPos | null; limit: number }): SearchQuery {
  const s: SearchQuery = { site: p.site, statuses: [], words: [], names: [], emails: [], ips: [], pages: [], urls: [], before: p.before, limit: p.limit };
  const addStatus = (v: string, param: string) => {
    if (!(STATUSES as readonly string[]).includes(v)) throw bad(param);
    if (!s.statuses.includes(v as CommentStatus)) s.statuses.push(v as CommentStatus);
  };
  if (p.status) addStatus(p.status, 'status');
  if (p.page) s.pages.push(normalizePageKey(p.page));
  const list = tokens(p.q.normalize('NFC'));
  if (list.length > MAX_TERMS) throw new AppError('validation', 422, 'validation', undefined, { q: { key: 'search_too_many', params: { max: MAX_TERMS } } });
  for (const t of list) {
    const m = /^(\w+):(.*)$/su.exec(t);
    const op = m && (OPERATORS as readonly string[]).includes(m[1]!.toLowerCase()) ? (m[1]!.toLowerCase() as Operator) : null;
    if (!op) {
      const w = normalizeForMatch(t).trim();
      if (w) s.words.push(w);
      continue;
    }
    const v = m![2]!.trim();
    if (!v) throw bad(op);
    switch (op) {
      case 'email':
        s.emails.push(v.toLowerCase());
        break;
      case 'name': {
        const n = normalizeForMatch(v).trim();
        if (n) s.names.push(n);
        break;
      }
      case 'ip': {
        const r = parseIpOrCidr(v);
        if (!r) throw bad(op);
        s.ips.push(r);
        break;
      }
      case 'page':
        s.pages.push(normalizePageKey(v));
        break;
      case 'url':
        s.urls.push(v);
        break;
      case 'status':
        addStatus(v.toLowerCase(), op);
        break;
    }
  }
  return s;
}
