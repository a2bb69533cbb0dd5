import { describe, expect, it } from 'vitest';
import { countLinks } from '../server/moderation/links.js';
import { matchKeys } from '../server/moderation/key-matcher.js';
import { compactForMatch, normalizeForMatch, stripBidiAndZeroWidth } from '../server/moderation/normalize.js';

const matches = (key: string, text: string) => matchKeys([key], [text]) === key;

describe('normalizeForMatch', () => {
  it('when Arabic text carries tatweel, tashkeel or stretched letters, then it folds to the plain word', () => {
    expect(normalizeForMatch('مـــمـنـوع')).toBe('ممنوع');
    expect(normalizeForMatch('مَمْنُوعٌ')).toBe('ممنوع');
    expect(normalizeForMatch('ممنوووع')).toBe('ممنوع');
    expect(normalizeForMatch('الرَّحْمٰنِ')).toBe('الرحمن'); // superscript alef
    expect(normalizeForMatch('عَلَيۡهِۗ')).toBe('عليه'); // Quranic marks
  });

  it('when hamza forms, alef maksura or taa marbuta are used, then they fold to the bare letters', () => {
    expect(normalizeForMatch('أحمد')).toBe(normalizeForMatch('احمد'));
    expect(normalizeForMatch('إسلام')).toBe('اسلام');
    expect(normalizeForMatch('آمن')).toBe('امن');
    expect(normalizeForMatch('ٱلله')).toBe('الله');
    expect(normalizeForMatch('مستشفى')).toBe('مستشفي');
    expect(normalizeForMatch('مدرسة')).toBe('مدرسه');
    expect(normalizeForMatch('مؤمن')).toBe('مومن');
    expect(normalizeForMatch('سائل')).toBe('سايل');
  });

  it('when digits are Arabic-Indic or Persian, then they become ASCII digits', () => {
    expect(normalizeForMatch('٣')).toBe('3');
    expect(normalizeForMatch('۳')).toBe('3');
    expect(normalizeForMatch('٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹')).toBe('0123456789 0123456789');
  });

  it('when zero-width or bidi controls hide inside a word, then they are removed', () => {
    expect(normalizeForMatch('مم\u200Bنو\u200Fع')).toBe('ممنوع');
    expect(normalizeForMatch('ca\u202Esi\u2066no\uFEFF')).toBe('casino');
    expect(normalizeForMatch('spa\u00ADm\u061C')).toBe('spam');
  });

  it('when presentation forms or full-width letters are used, then NFKC folds them', () => {
    expect(normalizeForMatch('\uFEFB')).toBe('لا'); // ﻻ ligature
    expect(normalizeForMatch('ﻣﻤﻨﻮﻉ')).toBe('ممنوع');
    expect(normalizeForMatch('ＣＡＳＩＮＯ')).toBe('casino');
  });

  it('when English is written in capitals or stretched, then it lowercases and collapses runs of three or more', () => {
    expect(normalizeForMatch('SPAAAAM')).toBe('spam');
    expect(normalizeForMatch('Press')).toBe('press'); // a double letter stays
    expect(normalizeForMatch('I')).toBe('i'); // not Turkish dotless
  });
});

describe('compactForMatch', () => {
  it('when markup or spacing tricks split a word, then the compact form joins it', () => {
    expect(compactForMatch('ca<b></b>sino')).toBe('casino');
    expect(compactForMatch('c a s i n o')).toBe('casino');
    expect(compactForMatch('c.a.s.i.n.o')).toBe('casino');
    expect(compactForMatch('ca-si_no')).toBe('casino');
    expect(compactForMatch('م م ن و ع')).toBe('ممنوع');
  });

  it('when whole words are separated by spaces, then they stay apart', () => {
    expect(compactForMatch('spa m')).toBe('spa m');
    expect(compactForMatch('this pam')).toBe('this pam');
  });
});

describe('matchKeys', () => {
  it('when the key is plain Arabic, then decorated spellings of it match', () => {
    for (const text of ['مـــمـنـوع', 'مَمْنُوع', 'ممنوووع', 'هذا مم\u200Dنوع هنا', 'ﻣﻤﻨﻮﻉ', 'م م ن و ع', 'مممممنوع']) {
      expect(matches('ممنوع', text), text).toBe(true);
    }
  });

  it('when the key is decorated, then the plain text matches it too', () => {
    expect(matches('مَمْنُوع', 'ممنوع')).toBe(true);
    expect(matches('أمر', 'امر')).toBe(true);
    expect(matches('فتاة', 'فتاه')).toBe(true);
    expect(matches('على', 'علي')).toBe(true);
    expect(matches('۳', 'عرض ٣ أيام')).toBe(true);
    expect(matches('3', 'عرض ۳ أيام')).toBe(true);
    expect(matches('ﻻ', 'لا')).toBe(true);
  });

  it('when keys are English, then matching ignores case and word boundaries like WordPress', () => {
    expect(matches('press', 'I use WordPress')).toBe(true);
    expect(matches('CASINO', 'best casino online')).toBe(true);
    expect(matches('casino', 'ca<b></b>sino')).toBe(true);
    expect(matches('casino', 'c a s i n o')).toBe(true);
    expect(matches('spammer', 'SPAMMMMER')).toBe(true);
    expect(matches('spam', 'spaaaam')).toBe(true);
  });

  it('when a word is merely similar, then it does not match', () => {
    expect(matches('ممنوع', 'منع')).toBe(false);
    expect(matches('ممنوع', 'طعام منوّع')).toBe(false); // "varied": one meem, not two
    expect(matches('سلام', 'سلم')).toBe(false);
    expect(matches('spamer', 'spammer')).toBe(false); // not a substring, as in WordPress
    expect(matches('spam', 'spa m')).toBe(false); // whole words split apart are not joined
    expect(matches('spam', 'this pam is odd')).toBe(false);
    expect(matches('t.co', 'a good outcome')).toBe(false); // a key's own punctuation is literal
  });

  it('when the key is a phrase, then line breaks, double spaces and spelled-out letters in the text still match', () => {
    expect(matches('free money', 'FREE\n  m o n e y')).toBe(true);
    expect(matches('عرض خاص', 'عرضٌ\nخاصّ')).toBe(true);
  });

  it('when keys have blanks and padding, then blanks are skipped and the first match is returned as written', () => {
    expect(matchKeys(['', '   ', ' viagra ', 'casino'], ['VIAGRA and casino'])).toBe('viagra');
    expect(matchKeys(['', '  '], ['anything'])).toBeNull();
    expect(matchKeys(['casino'], [])).toBeNull();
  });

  it('when a key appears in any of several fields, then it is found there', () => {
    expect(matchKeys(['192.168.'], ['name', 'a@b.example', '', 'text', '192.168.1.9', 'Mozilla'])).toBe('192.168.');
    expect(matchKeys(['example.org'], ['name', 'me@example.org', '', 'hello'])).toBe('example.org');
  });
});

describe('stripBidiAndZeroWidth', () => {
  it('when a name holds bidi overrides or zero-width spaces, then they are removed but ZWNJ stays', () => {
    expect(stripBidiAndZeroWidth('\u202Eنمر\u202C\u200B')).toBe('نمر');
    expect(stripBidiAndZeroWidth('می\u200Cخواهم')).toBe('می\u200Cخواهم');
  });
});

describe('countLinks', () => {
  it('when the text has anchors, bare URLs, www hosts and emails, then each counts once', () => {
    expect(countLinks('no links here')).toBe(0);
    expect(countLinks('see https://a.example/x')).toBe(1);
    expect(countLinks('see http://www.a.example and www.b.example')).toBe(2);
    expect(countLinks('<a href="https://a.example">https://a.example</a>')).toBe(1);
    expect(countLinks('<A title="t" HREF="x">x</A> write to me@b.example')).toBe(2);
    expect(countLinks('رابط:https://a.example، وآخر https://b.example')).toBe(2);
  });

  it('when text only looks like a link, then it does not count', () => {
    expect(countLinks('the word www and http: alone')).toBe(0);
    expect(countLinks('<img src="https://a.example/i.png">')).toBe(0);
  });
});

describe('less common invisible characters and marks', () => {
  it.each([
    ['word joiner U+2060', 'مم\u2060نوع'],
    ['invisible times U+2062', 'مم\u2062نوع'],
    ['Mongolian vowel separator U+180E', 'مم\u180Eنوع'],
    ['combining grapheme joiner U+034F', 'مم\u034Fنوع'],
    ['honorific sign U+0610', 'مم\u0610نوع'],
    ['small high mark U+0617', 'ممن\u0617وع'],
    ['open fathatan U+08F0', 'ممن\u08F0وع'],
  ])('when «ممنوع» hides a %s, then it still matches', (_label, text) => {
    expect(matchKeys(['ممنوع'], [text])).toBe('ممنوع');
  });
});
