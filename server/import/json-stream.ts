/**
 * Streaming JSON for importers: @streamparser/json (a strict, well-kept streaming parser)
 * fed the text as it arrives. Only the values asked for are built, each handed over as it
 * completes and then dropped (`keepStack: false`): memory stays flat whatever the file's
 * size, and the event loop gets a turn every few milliseconds of work.
 */
import { yielder } from '../event-loop.js';
import { JSONParser, TokenType } from '@streamparser/json';
import { MAX_JSON_DEPTH } from '../http/json-depth.js';
import { ImportFailure } from './failure.js';

/** Bytes written to the parser at once: a large chunk is cut, so that no single write holds the event loop long. */
const SLICE_BYTES = 32 * 1024;
/** Parsing time (ms) between two turns of the event loop. */
const YIELD_EVERY_MS = 8;
const NEWLINE = 0x0a;

/** A value of the document, handed over once complete. */
export interface JsonMember {
  /** the root object's key it is under ("comments") */
  key: string;
  /** its index when it is an item of the array under `key`, else null (it is that key's whole value) */
  index: number | null;
  value: unknown;
  /** the line (1-based) its first character is on */
  line: number;
}

/**
 * Line numbers of byte offsets, counted through the slices as they pass. Offsets are asked
 * for in increasing order, within the current slice; an offset before it (a token that
 * began in an earlier slice) gets the line the slice starts on, which is its own line:
 * a JSON string, number or literal holds no raw line break.
 */
class Lines {
  private buf: Buffer = Buffer.alloc(0);
  /** the offset of the current slice's first byte */
  start = 0;
  private cursor = 0;
  private line = 1;

  /** Moves on to the next slice, counting what is left of this one. */
  next(buf: Buffer): void {
    this.at(this.start + this.buf.length);
    this.start += this.buf.length;
    this.buf = buf;
  }

  at(offset: number): number {
    const end = Math.min(offset, this.start + this.buf.length);
    if (end <= this.cursor) return this.line;
    for (let p = this.buf.indexOf(NEWLINE, this.cursor - this.start); p !== -1 && this.start + p < end; p = this.buf.indexOf(NEWLINE, p + 1)) this.line += 1;
    this.cursor = end;
    return this.line;
  }
}

/**
 * Reads a JSON document, handing `onMember` (in file order) the root object's members named
 * in `whole` and each item of the arrays under the keys named in `items`. Under a duplicated
 * key, both values are handed over, in order (JSON.parse would keep the last one).
 * A container opened more than MAX_JSON_DEPTH deep is refused when it opens, before any
 * of it is built: the same bound, counted the same way, as rawJsonTooDeep
 * (server/http/json-depth.ts) puts on every JSON body. A byte-order mark is skipped.
 *
 * @returns `rootIsObject`: false when the document is not an object (nothing was handed over)
 * @throws ImportFailure `json_unreadable` naming the line of the fault (the last line read when
 *   the file ends too soon), `json_too_deep` naming the line of the container too deep, or
 *   whatever `onMember` throws; errors of `chunks` propagate
 */
export async function readJsonMembers(
  chunks: AsyncIterable<string>,
  want: { whole: readonly string[]; items: readonly string[] },
  onMember: (m: JsonMember) => void,
): Promise<{ rootIsObject: boolean }> {
  const parser = new JSONParser({ paths: [...want.whole.map((k) => `$.${k}`), ...want.items.map((k) => `$.${k}.*`)], keepStack: false });
  const lines = new Lines();
  let depth = 0;
  let rootIsObject: boolean | null = null;
  /** offset of the last token seen, and the line it is on when that was left behind in an earlier slice */
  let lastOffset = 0;
  let lastLine = 1;
  let memberLine = 1;
  let itemLine = 1;
  parser.onToken = ({ token, offset }) => {
    lastOffset = offset;
    if (rootIsObject === null) rootIsObject = token === TokenType.LEFT_BRACE;
    if (token === TokenType.RIGHT_BRACE || token === TokenType.RIGHT_BRACKET) depth -= 1;
    else if (token !== TokenType.COMMA && token !== TokenType.COLON && token !== TokenType.SEPARATOR) {
      // A value (or a key) starts: remember the line of the root's members and of their items.
      if (depth === 1) memberLine = lines.at(offset);
      else if (depth === 2) itemLine = lines.at(offset);
      if ((token === TokenType.LEFT_BRACE || token === TokenType.LEFT_BRACKET) && ++depth > MAX_JSON_DEPTH) {
        throw new ImportFailure(lines.at(offset), 'json_too_deep', { max: String(MAX_JSON_DEPTH) });
      }
    }
  };
  parser.onValue = ({ value, key, parent, stack }) => {
    if (stack.length === 1 && typeof key === 'string') onMember({ key, index: null, value, line: memberLine });
    else if (stack.length === 2 && Array.isArray(parent) && typeof key === 'number') onMember({ key: String(stack[1]!.key), index: key, value, line: itemLine });
  };
  const lineOfLastToken = () => (lastOffset >= lines.start ? lines.at(lastOffset) : lastLine);
  const run = (write: () => void) => {
    try {
      write();
    } catch (e) {
      if (e instanceof ImportFailure) throw e;
      const message = (e as Error).message ?? String(e);
      // The tokenizer names the byte it stopped at; the token parser stops at the last token.
      const at = /^(.*?) at chunk position "\d+" \(absolute position "(\d+)"\)(.*)$/s.exec(message);
      const line = at ? lines.at(Number(at[2])) : lineOfLastToken();
      const detail = at ? `${at[1]}${at[3]}` : message;
      throw new ImportFailure(line, 'json_unreadable', { detail: detail.length > 200 ? `${detail.slice(0, 200)}…` : detail });
    }
  };

  const pause = yielder(YIELD_EVERY_MS);
  const write = async (text: string) => {
    const bytes = Buffer.from(text, 'utf8');
    for (let i = 0; i < bytes.length; i += SLICE_BYTES) {
      const slice = bytes.subarray(i, i + SLICE_BYTES);
      lastLine = lineOfLastToken();
      lines.next(slice);
      run(() => parser.write(slice));
      await pause();
    }
  };
  let first = true;
  /** a high surrogate that ended a chunk: its other half starts the next one */
  let carry = '';
  for await (const chunk of chunks) {
    let text = carry + (first && chunk.charCodeAt(0) === 0xfeff ? chunk.slice(1) : chunk);
    first = false;
    const end = text.charCodeAt(text.length - 1);
    carry = end >= 0xd800 && end <= 0xdbff ? text.slice(-1) : '';
    if (carry) text = text.slice(0, -1);
    await write(text);
  }
  if (carry) await write(carry);
  if (rootIsObject === null) throw new ImportFailure(1, 'json_unreadable', { detail: 'Unexpected end of JSON input' });
  // The parser ends by itself once the root value is complete; else the file stopped inside it.
  if (!parser.isEnded) run(() => parser.end());
  return { rootIsObject };
}
