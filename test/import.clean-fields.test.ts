import { describe, expect, it } from 'vitest';
import { watchEventLoop } from '../bench/loop-watch.js';
import type { ImportComment } from '../server/domain/import.js';
import { cleanImportedFields } from '../server/import/clean-fields.js';

// The last cleaning of an import's names and titles runs on a serving process (an upload):
// it must give the event loop turns, however many comments the file holds.
describe('cleaning imported names and titles', () => {
  it('when 100,000 comments are cleaned, then other work gets turns all along (no gap of 100 ms) and each hostile field is cleaned', async () => {
    const comments = Array.from(
      { length: 100_000 },
      (_, i) => ({ authorName: i % 2 ? `أحمد <<b>i>${i}` : `سارة\u0007 ${i}`, authorUrl: 'https://example.com/x', pageTitle: `عنوان\n${i % 1000}`, pageUrl: `https://example.com/${i % 1000}` }) as unknown as ImportComment,
    );
    const loop = watchEventLoop();
    await cleanImportedFields([], comments);
    const { longestBlockMs } = await loop.stop(); // its timers run once more, so the gap still open when the work ends counts
    expect(longestBlockMs).toBeLessThan(100);
    expect(comments[1]!.authorName).toBe('أحمد 1');
    expect(comments[2]!.authorName).toBe('سارة 2');
    expect(comments[3]!.pageTitle).toBe('عنوان 3');
  });
});
