import { describe, expect, it } from 'vitest';
import { format } from '../server/i18n/locale.js';
import { MESSAGES } from '../server/i18n/messages.js';

// Server messages that carry a count say it in the grammatical number CLDR gives it
// (Arabic: zero, one, two, few, many, other), never "3 ثانية" or "1 seconds".
describe('counted server messages', () => {
  const retry = (locale: 'ar' | 'en', seconds: number) => format(MESSAGES.rate_limited[locale], { seconds }, locale);

  it('when a client must wait, then the seconds take the Arabic plural form of their number, with Arabic-Indic digits', () => {
    expect(retry('ar', 1)).toBe('طلبات كثيرة جداً. حاول مرة أخرى بعد ثانية.');
    expect(retry('ar', 2)).toBe('طلبات كثيرة جداً. حاول مرة أخرى بعد ثانيتين.');
    expect(retry('ar', 3)).toBe('طلبات كثيرة جداً. حاول مرة أخرى بعد ٣ ثوانٍ.');
    expect(retry('ar', 11)).toBe('طلبات كثيرة جداً. حاول مرة أخرى بعد ١١ ثانية.');
    expect(retry('ar', 100)).toBe('طلبات كثيرة جداً. حاول مرة أخرى بعد ١٠٠ ثانية.');
    expect(retry('ar', 0)).toBe('طلبات كثيرة جداً. حاول مرة أخرى الآن.');
  });

  it('when a client must wait one second in English, then it says "1 second"', () => {
    expect(format('{n, plural, one {# item} other {# items}} of {total}', { n: 1, total: 2 }, 'en')).toBe('1 item of 2');
    expect(retry('en', 1)).toBe('Too many requests. Try again in 1 second.');
    expect(retry('en', 30)).toBe('Too many requests. Try again in 30 seconds.');
  });
});
