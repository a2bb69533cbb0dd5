/** Majlis's own export (server/export/json.ts) → import batch, losslessly. */
import type { ImportComment, ImportPage } from '../domain/import.js';
import { note, type Note } from './notes.js';
import { DEFAULT_SETTINGS, STATUSES, type CommentStatus, type HistoryEntry, type Reason, type SiteSettings } from '../domain/types.js';
import { avatarKey } from '../avatar.js';
import { canonicalPageKey } from '../validation/page-key.js';
import { EXPORT_FORMAT, EXPORT_VERSION } from '../export/json.js';
import { mergeSettings } from '../usecases/sites.js';
import { importedHistory, type ParsedExport, type ParseOptions } from './common.js';
import { ImportFailure } from './failure.js';
import { cleanIp } from './text.js';
import { MAX_JSON_DEPTH, rawJsonTooDeep } from '../http/json-depth.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const time = (v: unknown): number | null => {
  const t = typeof v === 'string' ? Date.parse(v) : NaN;
  return Number.isFinite(t) ? t : null;
};
const isStatus = (v: unknown): v is CommentStatus => typeof v === 'string' && (STATUSES as readonly string[]).includes(v);

/** Reads the whole text (JSON has no streaming form here; HTTP and CLI bound its size). */
export async function collect(chunks: AsyncIterable<string>): Promise<string> {
  const parts: string[] = [];
  for await (const c of chunks) parts.push(c);
  return parts.join('');
}

export async function parseMajlisJson(chunks: AsyncIterable<string>, opts: ParseOptions): Promise<ParsedExport> {
  const text = await collect(chunks);
  // Refused before parsing, as every JSON body is (server/http/json-depth.ts): no deep value reaches the code that walks it.
  if (rawJsonTooDeep(Buffer.from(text, 'utf8'))) throw new ImportFailure(1, 'json_too_deep', { max: String(MAX_JSON_DEPTH) });
  let doc: unknown;
  try {
    doc = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new ImportFailure(lineOfJsonError(text, e), 'json_unreadable', { detail: (e as Error).message });
  }
  if (!isObj(doc) || doc.format !== EXPORT_FORMAT) throw new ImportFailure(1, 'not_majlis');
  if (doc.version !== EXPORT_VERSION) throw new ImportFailure(1, 'majlis_version', { version: String(doc.version), supported: EXPORT_VERSION });
  const errors: Note[] = [];
  const repaired: Note[] = [];
  const lines = lineIndex(text);

  let siteInfo: ParsedExport['site'];
  if (isObj(doc.site)) {
    let settings: SiteSettings = DEFAULT_SETTINGS;
    try {
      settings = mergeSettings(DEFAULT_SETTINGS, isObj(doc.site.settings) ? doc.site.settings : {});
    } catch {
      repaired.push(note(1, 'bad_settings'));
    }
    const origins = Array.isArray(doc.site.origins) ? doc.site.origins.filter((o): o is string => typeof o === 'string') : [];
    siteInfo = { origins, settings, createdAt: time(doc.site.createdAt) ?? opts.now };
  }

  const pages: ImportPage[] = [];
  for (const p of Array.isArray(doc.pages) ? doc.pages : []) {
    if (!isObj(p) || typeof p.page !== 'string' || !p.page) continue;
    pages.push({ page: canonicalPageKey(p.page), title: str(p.title), url: str(p.url), closed: p.closed === true, createdAt: time(p.createdAt) ?? opts.now });
  }

  const comments: ImportComment[] = [];
  const list = Array.isArray(doc.comments) ? doc.comments : [];
  list.forEach((c, i) => {
    const line = lines(i);
    if (!isObj(c) || typeof c.id !== 'string' || !c.id || typeof c.page !== 'string' || !c.page) {
      errors.push(note(line, 'json_no_id', { n: i + 1 }));
      return;
    }
    const createdAt = time(c.createdAt);
    if (createdAt === null || !isStatus(c.status)) {
      errors.push(note(line, 'json_bad_comment', { id: c.id }));
      return;
    }
    const author = isObj(c.author) ? c.author : {};
    // Majlis's own fields are taken as written: no entity decoding, so the round trip is exact.
    const email = (str(author.email) ?? '').trim().toLowerCase().slice(0, 100);
    const history: HistoryEntry[] = (Array.isArray(c.history) ? c.history : []).flatMap((h) =>
      isObj(h) && isStatus(h.from) && isStatus(h.to) && time(h.at) !== null
        ? [{ at: time(h.at)!, by: isObj(h.by) && typeof h.by.id === 'string' && typeof h.by.name === 'string' ? { id: h.by.id, name: h.by.name } : null, from: h.from, to: h.to }]
        : [],
    );
    const reasons: Reason[] = (Array.isArray(c.reasons) ? c.reasons : []).flatMap((r) =>
      isObj(r) && typeof r.code === 'string' ? [isObj(r.params) ? { code: r.code, params: r.params as Reason['params'] } : { code: r.code }] : [],
    );
    const source = isObj(c.source) && typeof c.source.site === 'string' && typeof c.source.id === 'string' ? { site: c.source.site, id: c.source.id } : null;
    comments.push({
      key: c.id,
      parentKey: typeof c.parentId === 'string' && c.parentId ? c.parentId : null,
      id: c.id,
      source,
      page: canonicalPageKey(c.page),
      authorName: [...(str(author.name) ?? '')].slice(0, 245).join(''),
      authorEmail: email,
      authorUrl: str(author.url) && /^https?:\/\//i.test(str(author.url)!) && str(author.url)!.length <= 200 ? str(author.url) : null,
      avatarKey: avatarKey(opts.secret, email || `name:${str(author.name) ?? ''}`),
      content: (str(c.content) ?? '').slice(0, 50_000),
      status: c.status,
      prevStatus: isStatus(c.prevStatus) ? c.prevStatus : null,
      version: Number.isSafeInteger(c.version) && (c.version as number) > 0 ? (c.version as number) : 1,
      ip: cleanIp(str(c.ip) ?? ''),
      userAgent: (str(c.userAgent) ?? '').slice(0, 254),
      reasons,
      // An export without history (another tool's): the bin counts from the import
      history: importedHistory({ status: c.status, prevStatus: isStatus(c.prevStatus) ? c.prevStatus : null, createdAt }, history, opts.now),
      pageTitle: str(c.pageTitle),
      pageUrl: str(c.pageUrl),
      createdAt,
      editedAt: time(c.editedAt),
    });
    opts.onProgress?.(0, comments.length);
  });
  return { pages, comments, skipped: 0, repaired, errors, site: siteInfo };
}

/** JSON.parse names a position; turn it into a line. */
function lineOfJsonError(text: string, e: unknown): number | null {
  const m = /position (\d+)/.exec((e as Error).message ?? '');
  if (!m) return null;
  let line = 1;
  const end = Math.min(Number(m[1]), text.length);
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) line += 1;
  return line;
}

/** Majlis writes one comment per line after the "comments" key; map comment index → line (best effort). */
function lineIndex(text: string): (i: number) => number {
  const start = text.indexOf('"comments":[');
  if (start === -1) return () => 1;
  let base = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < start; i = text.indexOf('\n', i + 1)) base += 1;
  return (i) => base + 1 + i;
}
