/**
 * The last cleaning of what any importer parsed (WordPress, Disqus, Majlis JSON), before the
 * store writes it: the single-line fields get the submit path's rules
 * (validation/text-fields.ts), whatever the parser did before. Names, page titles and
 * addresses are shown in the widget, the feed, mails and the dashboard, and an export is as
 * hostile as a post: a name "<<b>img …>" or one with U+0007 in it must not arrive this way either.
 */
import type { ImportComment, ImportPage } from '../domain/import.js';
import { yielder } from '../event-loop.js';
import { LIMITS } from '../validation/comment-input.js';
import { cleanDisplayName, cleanPageTitle, withoutControls } from '../validation/text-fields.js';

/** At most `max` code points, trimmed; a string already that short is returned as it is (no copy). */
const cut = (s: string, max: number) => (s.length <= max ? s.trim() : [...s].slice(0, max).join('').trim());

/** A title as stored: single-line, bidi controls out, at most LIMITS.pageTitle characters; null when nothing is left. */
export const importedTitle = (t: string | null): string | null => (t === null ? null : cut(cleanPageTitle(t.slice(0, 4 * LIMITS.pageTitle)), LIMITS.pageTitle) || null);

/** An address without controls, or null when nothing is left (each parser already checked its scheme and length). */
const importedUrl = (u: string | null): string | null => (u === null ? null : withoutControls(u) || null);

/** Work between turns given to the event loop (ms): an upload runs on a serving process. */
const SLICE_MS = 8;

/**
 * Cleans, in place, the names, titles and addresses of an import's pages and comments,
 * yielding to the event loop every few milliseconds (100,000 comments take about 0.2 s of CPU,
 * which would otherwise be one block of a running server).
 */
export async function cleanImportedFields(pages: ImportPage[], comments: ImportComment[]): Promise<void> {
  for (const p of pages) {
    p.title = importedTitle(p.title);
    p.url = importedUrl(p.url);
  }
  const pause = yielder(SLICE_MS);
  for (let i = 0; i < comments.length; i++) {
    const c = comments[i]!;
    // Each field is replaced only when cleaning changed it, so a clean file's comments keep
    // their strings and the copies die young (an import's memory bound: import.memory.test.ts).
    const name = cut(cleanDisplayName(c.authorName.slice(0, 8 * LIMITS.name)), LIMITS.name);
    if (name !== c.authorName) c.authorName = name;
    const authorUrl = importedUrl(c.authorUrl);
    if (authorUrl !== c.authorUrl) c.authorUrl = authorUrl;
    const pageTitle = importedTitle(c.pageTitle);
    if (pageTitle !== c.pageTitle) c.pageTitle = pageTitle;
    const pageUrl = importedUrl(c.pageUrl);
    if (pageUrl !== c.pageUrl) c.pageUrl = pageUrl;
    if ((i & 255) === 255) await pause();
  }
}
