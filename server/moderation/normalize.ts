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

/**
 * Every folding step except the emphasis collapse: what word matching compares
 * (server/moderation/key-matcher.ts), on keys and texts alike. Runs of a
 * letter are kept as written, so a key is never made shorter than its author
 * wrote it; the matcher allows a stretched run in the text instead.
 */
export function fold(s: string): string {
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
 * Folds text for reading: fold, then runs of three or more of the same letter collapse
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

/** The compact form (see compactForMatch) without the emphasis collapse. */
export function compactFold(s: string): string {
  return fold(striptags(s.normalize('NFKC')))
    .replace(INNER_SEPARATORS, '')
    .replace(SPACED_LETTERS, (run) => [...run].filter((c) => !SEPARATOR.test(c)).join(''));
}
