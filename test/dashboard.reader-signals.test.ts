import { describe, expect, it } from 'vitest';
import { I18n } from '../widget/dashboard/i18n/i18n.js';
import { reportsNews } from '../widget/dashboard/reader-signals/announce.js';
import { isNewer } from '../widget/dashboard/reader-signals/freshness.js';
import { featureToggle, willChange } from '../widget/dashboard/reader-signals/model.js';
import { rs } from '../widget/dashboard/reader-signals/strings.js';
import type { ModeratorComment } from '../widget/dashboard/types.js';

// The dashboard's readers' signals (issue 14 points 5–6) without a browser: the six Arabic plural
// forms, which state is the later one, and what the `f` key and the buttons would do.

const ar = new I18n('ar');
const en = new I18n('en');

const comment = (over: Partial<ModeratorComment> = {}): ModeratorComment =>
  ({
    id: 'c1',
    status: 'approved',
    version: 2,
    featured: false,
    deleted: false,
    likes: 0,
    author: { name: 'سارة', url: null, avatar: '' },
    reports: { count: 0, reasons: { spam: 0, abuse: 0, off_topic: 0, other: 0 }, notes: [] },
    ...over,
  }) as ModeratorComment;
const reported = (count: number, version = 2) => comment({ version, reports: { count, reasons: { spam: count, abuse: 0, off_topic: 0, other: 0 }, notes: [] } });

describe('reported-by wording', () => {
  it('when counts take each Arabic plural form, then each has its own sentence with Arabic digits', () => {
    const say = (n: number) => rs(ar, 'reportedBy', { count: n });
    expect([0, 1, 2, 3, 11, 100].map(say)).toEqual([
      'لم يبلغ عنه أحد',
      'أبلغ عنه قارئ واحد',
      'أبلغ عنه قارئان',
      'أبلغ عنه ٣ قرّاء',
      'أبلغ عنه ١١ قارئاً',
      'أبلغ عنه ١٠٠ قارئ',
    ]);
    expect(rs(ar, 'likes', { count: 1500 })).toBe('١٬٥٠٠ إعجاب');
  });

  it('when in English, then one and other', () => {
    expect(rs(en, 'reportedBy', { count: 1 })).toBe('Reported by 1 reader');
    expect(rs(en, 'reportedBy', { count: 3 })).toBe('Reported by 3 readers');
    expect(rs(en, 'likes', { count: 1234 })).toBe('1,234 likes');
  });
});

describe('which state is later', () => {
  it('when a report arrives without a version bump, then the one with more reports wins; a higher version always wins', () => {
    expect(isNewer(reported(2), reported(1))).toBe(true);
    expect(isNewer(reported(1), reported(2))).toBe(false);
    expect(isNewer(reported(0, 3), reported(2, 2))).toBe(true); // dismissed (version bumped)
    expect(isNewer(reported(2, 2), reported(0, 3))).toBe(false);
    expect(isNewer(reported(1), reported(1))).toBe(false);
  });

  it('when reports change live, then a polite sentence says so; stale or unchanged says nothing', () => {
    expect(reportsNews(ar, reported(1), reported(2))).toBe('تغيّرت البلاغات عن تعليق \u2068سارة\u2069: \u2068أبلغ عنه قارئان\u2069.');
    expect(reportsNews(en, reported(2, 2), reported(0, 3))).toBe('No reports left on \u2068سارة\u2069’s comment.');
    expect(reportsNews(ar, reported(2), reported(1))).toBeNull();
    expect(reportsNews(ar, undefined, reported(1))).toBeNull();
  });
});

describe('what f and the buttons do', () => {
  it('when approved, pending, deleted or featured, then f features, does nothing, or unfeatures', () => {
    expect(featureToggle(comment())).toBe('feature');
    expect(featureToggle(comment({ featured: true }))).toBe('unfeature');
    expect(featureToggle(comment({ status: 'pending' }))).toBeNull();
    expect(featureToggle(comment({ deleted: true }))).toBeNull();
    expect(willChange('dismiss_reports', comment())).toBe(false);
    expect(willChange('dismiss_reports', reported(1))).toBe(true);
    expect(willChange('feature', comment({ featured: true }))).toBe(false);
    expect(willChange('approve', comment({ status: 'pending' }))).toBe(true);
  });
});
