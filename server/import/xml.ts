/**
 * Streaming XML for importers: a repair pass for what real exports get wrong,
 * then saxes (a strict, well-kept SAX parser). Memory stays flat whatever the
 * file's size: only the current chunk and the element being read are held.
 */
import { decodeHTML } from 'entities';
import { SaxesParser } from 'saxes';
import { note, type Note, type NoteKey, type NoteParams } from './notes.js';
import { ImportFailure } from './failure.js';

/** Stands in for a vertical tab or form feed until the text is read; becomes a line break there. */
export const LINE_BREAK_STAND_IN = '\uE00B';
const MAX_REPAIRS_LISTED = 1000;
/** Longest marker or entity the repairer must see whole before deciding ("&CounterClockwiseContourIntegral;"). */
const LOOKAHEAD = 48;

const TEXT_MARKERS = /<!\[CDATA\[|<!--|&|[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g;
const CDATA_MARKERS = /\]\]>|[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g;
const COMMENT_MARKERS = /-->|[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g;
const REFERENCE = /&(?:#([0-9]{1,8})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{0,40}));/y;
const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

const isXmlChar = (cp: number) =>
  cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);

const hex = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Repairs, chunk by chunk, what WordPress writes into WXR without escaping (as
 * WordPress's own importer tolerates it): a raw "&" outside CDATA becomes "&amp;",
 * an HTML entity XML does not know ("&nbsp;") becomes its character reference,
 * a reference to a character XML forbids is dropped, and control characters are
 * removed (a vertical tab or form feed becomes a line break). Each repair is
 * reported with its line. Line numbers are unchanged by the repairs.
 */
export class XmlRepairer {
  readonly repairs: Note[] = [];
  repairCount = 0;
  private state: 'text' | 'cdata' | 'comment' = 'text';
  private carry = '';
  private line = 1;

  push(chunk: string): string {
    return this.run(this.carry + chunk, false);
  }

  end(): string {
    return this.run(this.carry, true);
  }

  /** A repair made outside the character scan, reported with the others. */
  note(line: number, key: NoteKey, params?: NoteParams): void {
    this.report(line, key, params);
  }

  private report(line: number, key: NoteKey, params?: NoteParams): void {
    this.repairCount += 1;
    if (this.repairs.length < MAX_REPAIRS_LISTED) this.repairs.push(note(line, key, params));
  }

  private run(buf: string, final: boolean): string {
    const limit = final ? buf.length : Math.max(0, buf.length - LOOKAHEAD);
    const out: string[] = [];
    let i = 0;
    let counted = 0; // newlines are counted up to this index
    const lineAt = (pos: number) => {
      for (let p = buf.indexOf('\n', counted); p !== -1 && p < pos; p = buf.indexOf('\n', p + 1)) this.line += 1;
      counted = Math.max(counted, pos);
      return this.line;
    };
    while (i < limit) {
      const re = this.state === 'text' ? TEXT_MARKERS : this.state === 'cdata' ? CDATA_MARKERS : COMMENT_MARKERS;
      re.lastIndex = i;
      const m = re.exec(buf);
      if (!m || m.index >= limit) break;
      out.push(buf.slice(i, m.index));
      const token = m[0];
      i = m.index + token.length;
      if (token === '<![CDATA[') this.state = 'cdata';
      else if (token === '<!--') this.state = 'comment';
      else if (token === ']]>' || token === '-->') this.state = 'text';
      else if (token === '&') {
        REFERENCE.lastIndex = m.index;
        const ref = REFERENCE.exec(buf);
        if (!ref) {
          out.push('&amp;');
          this.report(lineAt(m.index), 'raw_amp');
          continue;
        }
        i = m.index + ref[0].length;
        const cp = ref[1] !== undefined ? Number(ref[1]) : ref[2] !== undefined ? parseInt(ref[2], 16) : null;
        if (cp !== null) {
          if (isXmlChar(cp)) out.push(ref[0]);
          else this.report(lineAt(m.index), 'forbidden_char_ref', { ref: ref[0] });
        } else if (XML_ENTITIES.has(ref[3]!)) {
          out.push(ref[0]);
        } else {
          const decoded = decodeHTML(ref[0]);
          if (decoded !== ref[0]) {
            out.push([...decoded].map((c) => `&#${c.codePointAt(0)};`).join(''));
            this.report(lineAt(m.index), 'html_entity', { entity: ref[0] });
          } else {
            out.push(`&amp;${ref[0].slice(1)}`);
            this.report(lineAt(m.index), 'unknown_entity', { entity: ref[0] });
          }
        }
        continue;
      } else {
        const cp = token.charCodeAt(0);
        if (cp === 0x0b || cp === 0x0c) {
          out.push(LINE_BREAK_STAND_IN);
          this.report(lineAt(m.index), 'control_break', { char: hex(cp) });
        } else this.report(lineAt(m.index), 'control_removed', { char: hex(cp) });
        continue;
      }
      out.push(token);
    }
    const end = Math.min(Math.max(i, limit), buf.length);
    out.push(buf.slice(i, end));
    lineAt(end);
    counted = 0;
    this.carry = buf.slice(end);
    return out.join('');
  }
}

/**
 * A copy of a parsed value that owns its characters. What saxes hands over is
 * often a slice of the whole chunk it was reading, and keeping the slice would
 * keep the chunk (a megabyte) alive for as long as the imported comment is.
 */
export function own(value: string): string {
  return value.length === 0 ? '' : Buffer.from(value, 'utf8').toString('utf8');
}

export interface XmlHandlers {
  open(uri: string, local: string, attr: (uri: string, local: string) => string | undefined, line: number): void;
  close(uri: string, local: string): void;
  text(text: string): void;
}

/**
 * Reads an XML stream through the repairer into saxes. Text and CDATA both
 * arrive through `text`. A file saxes still cannot read fails with an
 * ImportFailure naming the line; the caller then imports nothing.
 */
export async function readXml(
  chunks: AsyncIterable<string>,
  handlers: XmlHandlers,
  onChunk?: (chars: number) => void,
): Promise<{ repairs: Note[]; repairCount: number }> {
  const repairer = new XmlRepairer();
  const parser = new SaxesParser({ xmlns: true, position: true });
  let failure: ImportFailure | null = null;
  parser.on('error', (err) => {
    // saxes prefixes its messages with "line:column: ", the place of the fault.
    const at = /^(\d+):\d+:\s*/.exec(err.message);
    failure ??= new ImportFailure(at ? Number(at[1]) : parser.line, 'xml_unreadable', { detail: err.message.slice(at?.[0].length ?? 0) });
  });
  parser.on('opentag', (tag) => {
    const attrs = tag.attributes as Record<string, { uri: string; local: string; value: string }>;
    handlers.open(tag.uri ?? '', tag.local ?? tag.name, (uri, local) => {
      for (const a of Object.values(attrs)) if (a.local === local && a.uri === uri) return a.value;
      return undefined;
    }, parser.line);
  });
  parser.on('closetag', (tag) => handlers.close(tag.uri ?? '', tag.local ?? tag.name));
  parser.on('text', (t) => handlers.text(t));
  parser.on('cdata', (t) => handlers.text(t));
  const check = () => {
    if (failure) throw failure;
  };
  // The parser's own fault comes first: a handler may trip over what it left behind.
  const write = (text: string | null) => {
    try {
      if (text === null) parser.close();
      else parser.write(text);
    } catch (e) {
      check();
      throw e;
    }
    check();
  };
  let first = true;
  for await (const chunk of chunks) {
    // A byte-order mark is not part of the document.
    let text = first && chunk.charCodeAt(0) === 0xfeff ? chunk.slice(1) : chunk;
    if (first) {
      // Blank lines before "<?xml …?>" (a plugin's stray output) make a strict parser stop; WordPress's
      // importer reads on. Dropping the declaration, not the lines, keeps every line number true.
      const decl = /^(\s+)<\?xml[^>]*\?>/.exec(text);
      if (decl) {
        repairer.note(decl[1]!.split('\n').length, 'decl_not_first');
        text = decl[1]! + text.slice(decl[0].length);
      }
    }
    first = false;
    write(repairer.push(text));
    onChunk?.(chunk.length);
  }
  write(repairer.end());
  write(null);
  return { repairs: repairer.repairs, repairCount: repairer.repairCount };
}
