/**
 * What an import file looks like from its head (pure: the server's importer, server/import/sniff.ts,
 * and the dashboard's import view, before it uploads, both use it).
 *
 * After a byte-order mark and blank space: `{` or `[` is JSON, `<` is XML; for XML, the root
 * element (after the declaration, comments, processing instructions and a DOCTYPE) tells a
 * WordPress export (`<rss>`) from a Disqus one (`<disqus>`).
 */

/** The formats an import reads (server/import/run-import.ts IMPORT_FORMATS). */
export type ImportFormatName = 'wordpress' | 'disqus' | 'json';

/** What the head of a file shows. `root` is the XML root element's local name, null when not reached. */
export type Looks =
  | { kind: 'json' }
  | { kind: 'xml'; root: string | null }
  /** neither: not an export any importer reads (a CSV, an HTML page saved as text…) */
  | { kind: 'text'; start: string }
  /** empty, or a start a JSON scalar may have (a digit, a quote): left to the chosen parser */
  | { kind: 'unsure' };

/** Characters read, at most, to find the root element (a DOCTYPE's internal subset can be long). */
export const HEAD_MAX = 64 * 1024;

/** The XML root's local name in `head`, null when the head ends before it (or is not XML). */
function xmlRoot(head: string): string | null {
  /** The index just past `end` from `from`, or -1 when the head ends first. */
  const past = (end: string, from: number) => {
    const i = head.indexOf(end, from);
    return i === -1 ? -1 : i + end.length;
  };
  let at = 0;
  while (at !== -1) {
    while (at < head.length && /\s/.test(head[at]!)) at += 1;
    if (head.startsWith('<?', at)) at = past('?>', at);
    else if (head.startsWith('<!--', at)) at = past('-->', at);
    else if (head.startsWith('<!', at)) {
      // <!DOCTYPE name [ internal subset ]>: the subset may hold ">" of its own
      const close = head.indexOf('>', at);
      const open = head.indexOf('[', at);
      const subsetEnd = open !== -1 && (close === -1 || open < close) ? past(']', open) : at;
      at = subsetEnd === -1 ? -1 : past('>', subsetEnd);
    } else {
      // the whole name, up to what ends it (a chunk may end inside it)
      const m = /^<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s/>]/.exec(head.slice(at, at + 200));
      return m ? m[2]! : null;
    }
  }
  return null;
}

/** What `head` (the first characters of a file; `done`: the whole file) shows, or null when more is needed. */
export function looksOf(head: string, done: boolean): Looks | null {
  const text = head.charCodeAt(0) === 0xfeff ? head.slice(1) : head;
  const first = /\S/.exec(text);
  if (!first) return done ? { kind: 'unsure' } : null;
  const c = first[0];
  if (c === '{' || c === '[') return { kind: 'json' };
  if (/["\d-]/.test(c) || /^(true|false|null)\b/.test(text.slice(first.index, first.index + 6))) return { kind: 'unsure' };
  if (c !== '<') return { kind: 'text', start: text.slice(first.index, first.index + 12).replace(/\s.*$/s, '') };
  const root = xmlRoot(text.slice(first.index));
  return root !== null || done || head.length >= HEAD_MAX ? { kind: 'xml', root } : null;
}

/** Why a file that looks like `looks` is not `chosen`, with its message parameters; null when it may be (the parser decides). */
export function mismatchOf(
  chosen: ImportFormatName,
  looks: Looks,
): { key: 'file_is_json' | 'file_is_wxr' | 'file_is_disqus' | 'file_is_xml' | 'file_is_text'; params?: Record<string, string> } | null {
  if (looks.kind === 'json') return chosen === 'json' ? null : { key: 'file_is_json' };
  if (looks.kind === 'text') return { key: 'file_is_text', params: { start: looks.start } };
  if (looks.kind !== 'xml') return null;
  if (looks.root === 'rss' && chosen !== 'wordpress') return { key: 'file_is_wxr' };
  if (looks.root === 'disqus' && chosen !== 'disqus') return { key: 'file_is_disqus' };
  if (chosen === 'json') return { key: 'file_is_xml', params: { root: looks.root ?? '?' } };
  return null;
}
