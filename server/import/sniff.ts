/**
 * What an import file looks like, read from the head of its chunks (server/shared/import-sniff.ts
 * has the rule), so that a file of one format sent as another is refused by saying so («this is
 * a WordPress export: choose WordPress (WXR)») instead of by the chosen parser's "not
 * well-formed", which sends the owner looking for a truncated file. Only the head is read
 * (HEAD_MAX characters at most); the chunks are handed back whole, replayed from the start.
 */
import type { ImportFormat } from './run-import.js';
import { ImportFailure } from './failure.js';
import { HEAD_MAX, looksOf, mismatchOf, type Looks } from '../shared/import-sniff.js';

/** Reads the head of `chunks` until it shows what the file is; gives back what it looks like and every chunk, from the first. */
export async function sniff(chunks: AsyncIterable<string>): Promise<{ looks: Looks; chunks: AsyncIterable<string> }> {
  const it = chunks[Symbol.asyncIterator]();
  const seen: string[] = [];
  let head = '';
  let done = false;
  let looks: Looks | null = null;
  while (looks === null) {
    const next = await it.next();
    done = next.done === true;
    if (!done) {
      seen.push(next.value);
      if (head.length < HEAD_MAX) head += next.value.slice(0, HEAD_MAX - head.length);
    }
    looks = looksOf(head, done);
  }
  async function* replay(): AsyncGenerator<string> {
    yield* seen.splice(0); // the head is not held for the rest of a long import
    if (done) return;
    for (let next = await it.next(); !next.done; next = await it.next()) yield next.value;
  }
  return { looks, chunks: replay() };
}

/**
 * The refusal when a file plainly is not the format chosen (no line: it is about the whole
 * file), or null when it may be (the chosen parser then reads it and names any fault's line).
 */
export function formatMismatch(chosen: ImportFormat, looks: Looks): ImportFailure | null {
  const m = mismatchOf(chosen, looks);
  return m ? new ImportFailure(null, m.key, m.params) : null;
}
