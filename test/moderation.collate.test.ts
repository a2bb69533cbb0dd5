import { describe, expect, it } from 'vitest';
import { authorKey, collationKey, duplicateKey } from '../server/moderation/collate.js';

// The pairs utf8mb4_unicode_ci (WordPress's default collation) holds equal, and those it keeps apart.
describe('collationKey', () => {
  it.each([
    ['Ahmed Ali', 'ahmed ali'],
    ['Hello There Friends', 'HELLO there FRIENDS'],
    ['مُحَمَّد', 'محمد'],
    ['شُكْراً جَزِيلاً', 'شكرا جزيلا'],
    ['Café', 'cafe'],
    ['ﻻ', 'لا'],
    ['Ｆｕｌｌ', 'full'],
    ['١٢٣', '123'],
    ['۴۵', '45'],
    ['Straße', 'strasse'],
    ['name\u200b', 'name'],
    ['trailing  ', 'trailing'],
  ])('when %j is compared with %j, then they are equal', (a, b) => {
    expect(collationKey(a)).toBe(collationKey(b));
  });

  it.each([
    ['أحمد', 'احمد'],
    ['إيمان', 'ايمان'],
    ['آمنة', 'امنة'],
    ['سؤال', 'سوال'],
    ['مسائل', 'مسايل'],
    ['مدرسة', 'مدرسه'],
    ['على', 'علي'],
    ['مـرحبا', 'مرحبا'],
    [' lead', 'lead'],
  ])('when %j is compared with %j, then they differ', (a, b) => {
    expect(collationKey(a)).not.toBe(collationKey(b));
  });

  it('when author and duplicate keys are built, then name, email and text fold but site, page and parent stay exact', () => {
    expect(authorKey('Ahmed Ali', 'A@Example.com')).toBe(authorKey('ahmed ali', 'a@example.com'));
    const base = { site: 's', page: '/p', parentId: null, name: 'Ahmed', email: 'a@example.com', content: 'Hello' };
    expect(duplicateKey(base)).toBe(duplicateKey({ ...base, name: 'AHMED', content: 'hello' }));
    expect(duplicateKey(base)).not.toBe(duplicateKey({ ...base, page: '/P' }));
    expect(duplicateKey(base)).not.toBe(duplicateKey({ ...base, parentId: 'x' }));
    expect(duplicateKey(base)).not.toBe(duplicateKey({ ...base, site: 'S' }));
  });

  it('when the same text is keyed again with any other part changed, then the remembered key is never reused for it', () => {
    const base = { site: 's', page: '/p', parentId: null, name: 'Ahmed', email: 'a@example.com', content: 'Remembered text' };
    const first = duplicateKey(base);
    const others = [{ site: 't' }, { page: '/q' }, { parentId: 'x' }, { name: 'Omar' }, { email: 'o@example.com' }].map((change) => duplicateKey({ ...base, ...change }));
    expect(new Set([first, ...others]).size).toBe(6);
    expect(duplicateKey({ ...base })).toBe(first);
    // computed afresh, the same keys
    const fresh = (c: typeof base) => duplicateKey({ ...c, content: `${c.content}` });
    for (let i = 0; i < 200; i++) duplicateKey({ ...base, content: `filler ${i}` }); // pushes the remembered keys out
    expect(fresh(base)).toBe(first);
    const author = authorKey('Ahmed', 'a@example.com');
    expect(authorKey('Omar', 'a@example.com')).not.toBe(author);
    expect(authorKey('Ahmed', 'a@example.com')).toBe(author);
  });
});
