import striptags from 'striptags';

/**
 * Text folding for moderation-word matching (WordPress's moderation_keys and
 * disallowed_keys), made Arabic-aware: the same folding runs over keys and
 * haystacks, so a key written plainly catches the decorated spellings people
 * use to slip past a filter (tashkeel, tatweel, hamza forms, invisible
 * characters, Arabic-Indic digits, letters stretched for emphasis).
 */

// Bidi controls, zero-width characters, BOM, Arabic letter mark and soft hyphen.
// Also the word joiner and invisible operators (U+2060–U+2064), the Mongolian vowel
// separator (U+180E) and the combining grapheme joiner (U+034F).
const INVISIBLE = /[\u00AD\u034F\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
// Names keep ZWNJ/ZWJ: Persian and Urdu spelling and emoji sequences depend on them,
// while bidi controls can reorder what a reader sees around the name.
const INVISIBLE_IN_NAMES = /[\u00AD\u034F\u061C\u180E\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
// Tashkeel (incl. hamza above/below and madda as marks), superscript alef,
// Quranic annotation marks, tatweel.
// Also the honorific and Quranic signs above letters (U+0610–U+061A) and the extended
// Arabic marks (U+08D3–U+08FF, e.g. open tanween), which look like plain letters in text.
const MARKS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u08D3-\u08FF\u0640]/g;
const LETTER_FOLDS: Record<string, string> = {
  'أ': 'ا', 'إ': 'ا', 'آ': 'ا', 'ٱ': 'ا',
  'ى': 'ي', 'ئ': 'ي', 'ی': 'ي', // Persian yeh looks the same, so it is folded too
  'ة': 'ه',
  'ؤ': 'و',
  'ک': 'ك', // Persian keheh, likewise
};
const LETTERS = new RegExp(`[${Object.keys(LETTER_FOLDS).join('')}]`, 'g');
const DIGITS = /[\u0660-\u0669\u06F0-\u06F9]/g;
/** A letter repeated three or more times in a row: stretched for emphasis. */
const EMPHASIS = /(\p{L})\1{2,}/gu;

/** Removes bidi controls and invisible characters from a display name (see INVISIBLE_IN_NAMES for what stays). */
export function stripBidiAndZeroWidth(s: string): string {
  return s.replace(INVISIBLE_IN_NAMES, '');
}

/** Every folding step except the emphasis collapse. */
function fold(s: string): string {
  return s
    .normalize('NFKC') // presentation forms (ﻻ → لا), full-width Latin, composed hamza
    .toLowerCase() // locale-independent, unlike toLocaleLowerCase
    .replace(INVISIBLE, '')
    .replace(MARKS, '')
    .replace(/\s+/g, ' ') // so a phrase key survives line breaks and double spaces
    .replace(LETTERS, (c) => LETTER_FOLDS[c] ?? c)
    .replace(DIGITS, (d) => {
      const cp = d.codePointAt(0)!;
      return String(cp >= 0x06f0 ? cp - 0x06f0 : cp - 0x0660);
    });
}

/**
 * Folds text for matching. Runs of three or more of the same letter collapse
 * to one (ممنوووع → ممنوع, "spaaaam" → "spam"); runs of exactly two stay,
 * because English spells with double letters ("press", "spammer") and Arabic
 * words such as ممنوع begin with one, so collapsing pairs would make ممنوع
 * match منوع ("varied").
 */
export function normalizeForMatch(s: string): string {
  return fold(s).replace(EMPHASIS, '$1');
}

/** Punctuation, symbols and spaces: what people put between letters to hide a word. */
const SEPARATOR = /[\p{P}\p{S}\p{Z}\s]/u;
// A separator (not a space) squeezed between two letters: "ca.sino", "c*a*s*i*n*o".
const INNER_SEPARATORS = /(?<=\p{L})[\p{P}\p{S}]+(?=\p{L})/gu;
// Three or more single letters standing alone: "c a s i n o", "م م ن و ع".
const SPACED_LETTERS = /(?<![\p{L}\p{N}])\p{L}(?![\p{L}\p{N}])(?:[\p{P}\p{S}\p{Z}\s]+\p{L}(?![\p{L}\p{N}])){2,}/gu;

/**
 * The compact form: markup removed ("ca<b></b>sino"), punctuation inside a
 * word removed, and letters spelled out one by one joined up. Spaces between
 * whole words stay, on purpose: removing every space would make the key
 * "spam" match "this pam" and "sex" match "is ex". So "spa m" is not "spam".
 */
export function compactForMatch(s: string): string {
  return compactFold(s).replace(EMPHASIS, '$1');
}

function compactFold(s: string): string {
  return fold(striptags(s.normalize('NFKC')))
    .replace(INNER_SEPARATORS, '')
    .replace(SPACED_LETTERS, (run) => [...run].filter((c) => !SEPARATOR.test(c)).join(''));
}

/** The haystack side keeps 1, 2 or "3+" (capped at 3) of each run of a letter. */
const capRuns = (s: string) => s.replace(/(\p{L})\1{3,}/gu, '$1$1$1');
const escape = (s: string) => s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');

/**
 * Turns a normalised key into a pattern that also accepts a stretched letter
 * in the text even where the key doubles it: "spammmmer" or "مممممنوع" still
 * hold "spammer" and ممنوع. Inside the key a single letter accepts 1 or 3+
 * in the text, a double accepts 2 or 3+; the first and last runs are plain
 * (substring match, as WordPress does).
 */
function keyPattern(key: string): RegExp {
  const runs = [...key.matchAll(/(.)\1*/gsu)];
  const parts = runs.map((m, i) => {
    const c = escape(m[1]!);
    const n = [...m[0]].length;
    if (i === 0 || i === runs.length - 1 || !/\p{L}/u.test(m[1]!)) return c.repeat(n);
    return n === 1 ? `${c}(?:${c}${c})?` : `${c}${c}${c}?`;
  });
  return new RegExp(parts.join(''), 'u');
}

/**
 * The first key (as the moderator wrote it) found in any haystack, or null.
 * Keys are one word or phrase each; they are trimmed and blanks are skipped.
 * Matching is a substring match without word boundaries, like WordPress
 * ("press" matches "WordPress"), on the normalised text and on its compact form.
 */
export function matchKeys(keys: readonly string[], haystacks: readonly (string | null | undefined)[]): string | null {
  const texts = haystacks.filter((h): h is string => !!h);
  if (texts.length === 0 || keys.length === 0) return null;
  const plain = texts.map((h) => capRuns(fold(h)));
  const compact = texts.map((h) => capRuns(compactFold(h)));
  for (const key of compileKeys(keys)) {
    if (plain.some((h) => key.re.test(h))) return key.original;
    // Only a key without punctuation of its own is looked for in the compact
    // text: "t.co" compacted to "tco" would match "outcome".
    if (key.compact && compact.some((h) => key.re.test(h))) return key.original;
  }
  return null;
}

interface CompiledKey {
  original: string;
  re: RegExp;
  compact: boolean;
}

/**
 * Keys compiled once per distinct list (a site's settings rarely change), not
 * once per comment; keys that fold to the same text are tried once.
 */
const compiledLists = new Map<string, CompiledKey[]>();
const MAX_CACHED_LISTS = 64;

function compileKeys(keys: readonly string[]): CompiledKey[] {
  const id = keys.join('\n');
  const cached = compiledLists.get(id);
  if (cached) return cached;
  const seen = new Set<string>();
  const list: CompiledKey[] = [];
  for (const raw of keys) {
    const original = raw.trim();
    if (!original) continue;
    const k = normalizeForMatch(original);
    if (!k || seen.has(k)) continue;
    seen.add(k);
    list.push({ original, re: keyPattern(k), compact: compactForMatch(original) === k });
  }
  if (compiledLists.size >= MAX_CACHED_LISTS) compiledLists.delete(compiledLists.keys().next().value!);
  compiledLists.set(id, list);
  return list;
}
