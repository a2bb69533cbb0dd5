import { createHash } from 'node:crypto';

/**
 * Comparison keys that make two strings equal exactly when WordPress's default
 * MySQL collation, utf8mb4_unicode_ci (UCA 4.0.0, primary strength, PAD SPACE),
 * says they are equal. WordPress relies on that collation for "previously
 * approved" (comment_previously_approved) and for duplicates
 * (wp_check_comment_data), so «Ahmed Ali» and «ahmed ali», or «مرحباً» and
 * «مرحبا», are the same there. What the collation ignores, the key drops:
 *
 * - letter case (and ß = ss);
 * - accents and every other non-spacing mark: Latin accents and Arabic tashkeel
 *   (fatha, damma, kasra, tanween, shadda, sukun, superscript alef, Quranic marks),
 *   all of which weigh nothing at the primary level;
 * - compatibility variants (presentation forms such as ﻻ, full-width Latin,
 *   superscripts), which differ only at the tertiary level;
 * - digits of any script (١ = 1), which share their primary weights;
 * - format characters (zero-width joiners, bidi marks, soft hyphen) and trailing spaces.
 *
 * What it keeps apart, the key keeps apart: hamza forms (أ إ آ ؤ ئ against ا و ي),
 * ة against ه, ى against ي, and tatweel, all of which have their own primary weights.
 */
export function collationKey(s: string): string {
  return s
    .normalize('NFKD')
    .replace(NON_SPACING_MARKS, '')
    .replace(FORMAT_CHARS, '')
    .normalize('NFC') // recomposes ا + hamza above into أ, so أ and ا stay distinct
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/\p{Nd}/gu, (d) => (d <= '9' ? d : String(digitValue(d)))) // ASCII digits are their own value
    .replace(/ +$/, '');
}

// Every non-spacing mark except the hamza and madda that NFKD split off a letter
// (U+0653–U+0655): أ, إ, آ, ؤ, ئ are letters of their own in the collation.
const NON_SPACING_MARKS = /(?![\u0653-\u0655])\p{Mn}/gu;
const FORMAT_CHARS = /\p{Cf}/gu;

function digitValue(d: string): number {
  // Decimal digits come in runs of whole blocks 0–9, so the value is the run position mod 10.
  const cp = d.codePointAt(0)!;
  let before = 0;
  while (before < 100 && DIGIT.test(String.fromCodePoint(cp - before - 1))) before++;
  return before % 10;
}
const DIGIT = /^\p{Nd}$/u;

/** The key under which an author's earlier comments are found: collated name and email. */
export function authorKey(name: string, email: string): string {
  const hit = recentAuthors.get(email);
  if (hit && hit.name === name) return hit.key;
  const key = `${collationKey(name)}\u0000${collationKey(email)}`;
  recentAuthors.remember(email, { name, key }, name.length);
  return key;
}

/**
 * The identity of a comment for the duplicate rule (wp_check_comment_data): site,
 * page, parent, and the collated name, email and content. A hash, so a unique
 * index can hold it whatever the content's length.
 */
export function duplicateKey(c: { site: string; page: string; parentId: string | null; name: string; email: string; content: string }): string {
  const hit = recentDuplicates.get(c.content);
  if (hit && hit.site === c.site && hit.page === c.page && hit.parentId === c.parentId && hit.name === c.name && hit.email === c.email) return hit.key;
  const parts = [c.site, c.page, c.parentId ?? '', collationKey(c.name), collationKey(c.email), collationKey(c.content)];
  const key = createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
  recentDuplicates.remember(c.content, { site: c.site, page: c.page, parentId: c.parentId, name: c.name, email: c.email, key }, c.content.length);
  return key;
}

/**
 * The keys of the last RECENT comments and authors. One post asks for the same keys
 * several times (the duplicate phase, then the store's check under the write lock and
 * its insert, with other posts' work in between): each is now computed once (issue 10:
 * three duplicate keys were 5 % of a held POST's CPU). Keys are pure functions of their
 * inputs, so a remembered key is always right: every input is compared whole before one
 * is used. Bounded: the last RECENT to 2 × RECENT entries, texts over MAX_REMEMBERED
 * characters never kept.
 *
 * Two generations of fresh Maps, not one Map trimmed oldest-first: V8 grows or rehashes a
 * Map's table in the generation the table is already in, so a long-lived Map that churns
 * makes each new table in the old generation, and every entry that table holds (garbage a
 * moment later) is promoted with it. In an import (100,000 keys of each kind in one loop)
 * that was ~370 bytes per comment left in the old generation until the next full GC. A
 * Map that lives for RECENT entries dies young, and its entries with it.
 */
const RECENT = 128;
const MAX_REMEMBERED = 4096;

class RecentKeys<T> {
  private young = new Map<string, T>();
  private old = new Map<string, T>();

  get(by: string): T | undefined {
    return this.young.get(by) ?? this.old.get(by);
  }

  remember(by: string, entry: T, length: number): void {
    if (by.length > MAX_REMEMBERED || length > MAX_REMEMBERED) return;
    this.young.set(by, entry);
    if (this.young.size >= RECENT) {
      this.old = this.young;
      this.young = new Map();
    }
  }
}

const recentDuplicates = new RecentKeys<{ site: string; page: string; parentId: string | null; name: string; email: string; key: string }>();
const recentAuthors = new RecentKeys<{ name: string; key: string }>();
