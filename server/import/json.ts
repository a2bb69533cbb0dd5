/** Majlis's own export (server/export/json.ts) → import batch, losslessly. */
import type { ImportComment, ImportPage } from '../domain/import.js';
import { note, type Note } from './notes.js';
import { DEFAULT_SETTINGS, type SiteSettings } from '../domain/types.js';
import { canonicalPageKey } from '../validation/page-key.js';
import { EXPORT_FORMAT, EXPORT_VERSION } from '../export/json.js';
import { mergeSettings } from '../usecases/sites.js';
import { avatarsOf, importedHistory, type ParsedExport, type ParseOptions } from './common.js';
import { ImportFailure } from './failure.js';
import { cleanIp } from './text.js';
import { readJsonMembers } from './json-stream.js';
import { isObj, isoTime, isStatus, readHistory, readReasons, type Obj } from './majlis-fields.js';

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const time = isoTime;

/**
 * Reads Majlis's export as it streams in (server/import/json-stream.ts): each page and
 * comment is checked and kept as its line is read, the rest of the document is never held.
 * "format" and "version" are checked wherever they stand (first, as the export writes
 * them, or after the comments in a hand-edited file); a wrong one refuses the file, and
 * nothing is imported, since the store is only written once the whole file is read.
 *
 * @throws ImportFailure `json_unreadable` (with the line), `json_too_deep` (with the line of
 *   the value nested past MAX_JSON_DEPTH), `not_majlis`, `majlis_version` (both at line 1)
 */
export async function parseMajlisJson(chunks: AsyncIterable<string>, opts: ParseOptions): Promise<ParsedExport> {
  let errors: Note[] = [];
  let repaired: Note[] = [];
  let pages: ImportPage[] = [];
  let comments: ImportComment[] = [];
  let siteInfo: ParsedExport['site'];
  let format: unknown;
  let version: unknown;
  let commentsSeen = 0;
  let pagesSeen = 0;
  const avatar = avatarsOf(opts.secret);
  const checkVersion = () => {
    if (version !== EXPORT_VERSION) throw new ImportFailure(1, 'majlis_version', { version: String(version), supported: EXPORT_VERSION });
  };

  const { rootIsObject } = await readJsonMembers(chunks, { whole: ['format', 'version', 'site'], items: ['pages', 'comments'] }, ({ key, index, value, line }) => {
    if (key === 'format') {
      format = value;
      if (format !== EXPORT_FORMAT) throw new ImportFailure(1, 'not_majlis');
    } else if (key === 'version') {
      version = value;
      if (format !== undefined) checkVersion();
    } else if (key === 'site') {
      // A key given twice keeps its last value, as JSON.parse would.
      repaired = [];
      siteInfo = undefined;
      if (isObj(value)) siteInfo = siteOf(value, opts, repaired);
    } else if (key === 'pages') {
      if (index === 0 && pagesSeen > 0) pages = [];
      pagesSeen += 1;
      const p = value;
      if (isObj(p) && typeof p.page === 'string' && p.page) {
        pages.push({ page: canonicalPageKey(p.page), title: str(p.title), url: str(p.url), closed: p.closed === true, createdAt: time(p.createdAt) ?? opts.now });
      }
    } else if (key === 'comments') {
      if (index === 0 && commentsSeen > 0) [comments, errors] = [[], []];
      commentsSeen += 1;
      const c = importedComment(value, index!, line, opts, avatar, errors);
      if (c) {
        comments.push(c);
        opts.onProgress?.(0, comments.length);
      }
    }
  });
  if (!rootIsObject || format !== EXPORT_FORMAT) throw new ImportFailure(1, 'not_majlis');
  checkVersion();
  return { pages, comments, skipped: 0, repaired, errors, site: siteInfo };
}

function siteOf(site: Obj, opts: ParseOptions, repaired: Note[]): NonNullable<ParsedExport['site']> {
  let settings: SiteSettings = DEFAULT_SETTINGS;
  try {
    settings = mergeSettings(DEFAULT_SETTINGS, isObj(site.settings) ? site.settings : {});
  } catch {
    repaired.push(note(1, 'bad_settings'));
  }
  const origins = Array.isArray(site.origins) ? site.origins.filter((o): o is string => typeof o === 'string') : [];
  return { origins, settings, createdAt: time(site.createdAt) ?? opts.now };
}

/** One item of "comments" (the `index`th, starting on `line`) as an import comment; null, with a note in `errors`, when it cannot be imported. */
function importedComment(c: unknown, index: number, line: number, opts: ParseOptions, avatar: (key: string) => string, errors: Note[]): ImportComment | null {
  if (!isObj(c) || typeof c.id !== 'string' || !c.id || typeof c.page !== 'string' || !c.page) {
    errors.push(note(line, 'json_no_id', { n: index + 1 }));
    return null;
  }
  const createdAt = time(c.createdAt);
  if (createdAt === null || !isStatus(c.status)) {
    errors.push(note(line, 'json_bad_comment', { id: c.id }));
    return null;
  }
  const author = isObj(c.author) ? c.author : {};
  // Majlis's own fields are taken as written: no entity decoding, so the round trip is exact.
  const email = (str(author.email) ?? '').trim().toLowerCase().slice(0, 100);
  const history = readHistory(c.history);
  const reasons = readReasons(c.reasons);
  const source = isObj(c.source) && typeof c.source.site === 'string' && typeof c.source.id === 'string' ? { site: c.source.site, id: c.source.id } : null;
  return {
    key: c.id,
    parentKey: typeof c.parentId === 'string' && c.parentId ? c.parentId : null,
    id: c.id,
    source,
    page: canonicalPageKey(c.page),
    authorName: [...(str(author.name) ?? '')].slice(0, 245).join(''),
    authorEmail: email,
    authorUrl: str(author.url) && /^https?:\/\//i.test(str(author.url)!) && str(author.url)!.length <= 200 ? str(author.url) : null,
    avatarKey: avatar(email || `name:${str(author.name) ?? ''}`),
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
  };
}
