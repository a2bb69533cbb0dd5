import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type CommentStatus, type SiteSettings } from '../server/domain/types.js';
import { AppError } from '../server/errors.js';
import { renderReason } from '../server/i18n/reasons.js';
import { issueFormToken } from '../server/moderation/form-token.js';
import { PHASES, runPipeline } from '../server/moderation/pipeline.js';
import { closedPhase } from '../server/moderation/phases/closed.js';
import { disallowedPhase } from '../server/moderation/phases/disallowed.js';
import { duplicatePhase } from '../server/moderation/phases/duplicate.js';
import { floodPhase } from '../server/moderation/phases/flood.js';
import { holdAllPhase } from '../server/moderation/phases/hold-all.js';
import { honeypotTokenPhase } from '../server/moderation/phases/honeypot-token.js';
import { lengthPhase } from '../server/moderation/phases/length.js';
import { linksPhase } from '../server/moderation/phases/links.js';
import { moderationWordsPhase } from '../server/moderation/phases/moderation-words.js';
import { moderatorPhase } from '../server/moderation/phases/moderator.js';
import { previouslyApprovedPhase } from '../server/moderation/phases/previously-approved.js';
import type { Candidate, Phase, PhaseContext } from '../server/moderation/types.js';
import { SqliteStore } from '../server/store/sqlite.js';

const SECRET = 'phase-test-secret';
const NOW = Date.UTC(2026, 10, 15, 10, 0, 0);
const DAY = 24 * 60 * 60 * 1000;
const PAGE = '/2026/11/article';

let store: SqliteStore;
beforeEach(async () => {
  store = new SqliteStore(':memory:');
  await store.open();
});
afterEach(async () => {
  await store.close();
});

/** A context for one reader's comment; override the settings or candidate fields a test is about. */
async function context(settings: Partial<SiteSettings> = {}, candidate: Partial<Candidate> = {}): Promise<PhaseContext> {
  const site = await store.ensureSite({ id: 'news', origins: [], settings: { ...DEFAULT_SETTINGS, ...settings }, createdAt: NOW - 100 * DAY });
  const stored = await store.setSiteSettings('news', { ...DEFAULT_SETTINGS, ...settings });
  return {
    candidate: {
      site: stored ?? site,
      page: null,
      pageKey: PAGE,
      parentId: null,
      name: 'ليلى',
      email: 'layla@example.com',
      url: null,
      content: 'مقالة رائعة، شكراً',
      ip: '203.0.113.7',
      userAgent: 'Mozilla/5.0 Test',
      formToken: null,
      honeypot: '',
      byModerator: false,
      ...candidate,
    },
    store,
    now: NOW,
    secret: SECRET,
  };
}

/** Stores an earlier comment by the same reader. */
async function earlier(ctx: PhaseContext, over: { status?: CommentStatus; createdAt?: number; content?: string } = {}) {
  const c = ctx.candidate;
  await store.touchPage({ site: c.site.id, page: c.pageKey, createdAt: NOW - DAY });
  return store.createComment({
    site: c.site.id,
    page: c.pageKey,
    parentId: null,
    authorName: c.name,
    authorEmail: c.email,
    authorUrl: null,
    avatarKey: 'k',
    content: over.content ?? c.content,
    status: over.status ?? 'approved',
    ip: c.ip,
    userAgent: c.userAgent,
    reasons: [],
    pageTitle: null,
    pageUrl: null,
    createdAt: over.createdAt ?? NOW - DAY,
  });
}

async function rejection(phase: Phase, ctx: PhaseContext): Promise<AppError> {
  try {
    await phase.run(ctx);
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error(`${phase.name} did not refuse the comment`);
}

describe('refusing phases', () => {
  it('when the thread is closed by hand or older than closeAfterDays, then the comment is refused as closed', async () => {
    const page = { site: 'news', page: PAGE, title: null, url: null, closed: false, createdAt: NOW - 20 * DAY };
    const closed = await rejection(closedPhase, await context({}, { page: { ...page, closed: true } }));
    expect([closed.status, closed.code, closed.key]).toEqual([403, 'forbidden', 'thread_closed']);
    expect((await rejection(closedPhase, await context({ closeAfterDays: 14 }, { page }))).key).toBe('thread_closed');
    expect(await closedPhase.run(await context({ closeAfterDays: 30 }, { page }))).toBeUndefined();
    expect(await closedPhase.run(await context({ closeAfterDays: 0 }, { page }))).toBeUndefined();
    expect(await closedPhase.run(await context({ closeAfterDays: 1 }, { page: null }))).toBeUndefined();
  });

  it('when the text is shorter or longer than the site allows, then a field error names the limit', async () => {
    const short = await rejection(lengthPhase, await context({ minLength: 5 }, { content: '  شكر  ' }));
    expect([short.status, short.code, short.fields]).toEqual([422, 'validation', { content: { key: 'too_short', params: { min: 5 } } }]);
    const long = await rejection(lengthPhase, await context({ maxLength: 10 }, { content: 'مَمْنُوعٌ جداً' }));
    expect(long.fields).toEqual({ content: { key: 'too_long', params: { max: 10 } } });
    expect(await lengthPhase.run(await context({ minLength: 4, maxLength: 4 }, { content: ' 😀abc ' }))).toBeUndefined();
  });

  it('when the same reader posts the same text on the same page again, then it is refused as a duplicate', async () => {
    const ctx = await context();
    expect(await duplicatePhase.run(ctx)).toBeUndefined();
    await earlier(ctx, { status: 'pending' });
    const dup = await rejection(duplicatePhase, ctx);
    expect([dup.status, dup.code, dup.key]).toEqual([409, 'duplicate', 'duplicate']);
    expect(await duplicatePhase.run({ ...ctx, candidate: { ...ctx.candidate, content: 'نص آخر' } })).toBeUndefined();
  });

  it('when a reader posts again within floodSeconds, then it is refused with the seconds left to wait', async () => {
    const ctx = await context({ floodSeconds: 15 });
    await earlier(ctx, { createdAt: NOW - 10_500, content: 'قبل قليل' });
    const flood = await rejection(floodPhase, ctx);
    expect([flood.status, flood.code, flood.key, flood.params, flood.extra]).toEqual([429, 'rate_limited', 'flood', { seconds: 5 }, { retryAfter: 5 }]);
    // same email from another IP is still the same reader
    expect((await rejection(floodPhase, { ...ctx, candidate: { ...ctx.candidate, ip: '198.51.100.1' } })).key).toBe('flood');
  });

  it('when the wait has passed, flooding is off, or a moderator posts, then the flood check lets it through', async () => {
    const ctx = await context({ floodSeconds: 15 });
    await earlier(ctx, { createdAt: NOW - 15_000, content: 'قبل قليل' });
    expect(await floodPhase.run(ctx)).toBeUndefined();
    await earlier(ctx, { createdAt: NOW - 2_000, content: 'للتو' });
    expect(await floodPhase.run(await context({ floodSeconds: 0 }))).toBeUndefined();
    expect(await floodPhase.run({ ...ctx, candidate: { ...ctx.candidate, byModerator: true } })).toBeUndefined();
  });
});

describe('deciding phases', () => {
  it('when a moderator posts, then the comment is approved for good', async () => {
    expect(await moderatorPhase.run(await context({}, { byModerator: true }))).toEqual({ status: 'approved', final: true });
    expect(await moderatorPhase.run(await context())).toBeUndefined();
  });

  it('when the honeypot is filled, then it is spam', async () => {
    expect(await honeypotTokenPhase.run(await context({}, { honeypot: 'http://spam.example' }))).toEqual({
      status: 'spam',
      reason: { code: 'honeypot' },
    });
  });

  it('when the form token is forged, expired, too fast or missing while required, then it is spam with that reason', async () => {
    const token = (at: number, page = PAGE) => issueFormToken(SECRET, 'news', page, at);
    const reason = async (settings: Partial<SiteSettings>, formToken: string | null) =>
      ((await honeypotTokenPhase.run(await context(settings, { formToken }))) as { reason: unknown } | undefined)?.reason;

    expect(await reason({}, token(NOW - 60_000, '/other'))).toEqual({ code: 'token_forged' });
    expect(await reason({}, token(NOW - 3 * 60 * 60_000))).toEqual({ code: 'token_expired' });
    expect(await reason({ minFillSeconds: 3 }, token(NOW - 1_280))).toEqual({ code: 'too_fast', params: { seconds: 1.2, min: 3 } });
    expect(await reason({ requireFormToken: true }, null)).toEqual({ code: 'token_missing' });
    expect(await reason({ requireFormToken: false }, null)).toBeUndefined();
    expect(await reason({ requireFormToken: true, minFillSeconds: 3 }, token(NOW - 40_000))).toBeUndefined();
  });

  it('when a disallowed word appears in any field, then the comment goes to the trash naming the word', async () => {
    const settings = { disallowedKeys: ['كازينو', 'evil.example'] };
    expect(await disallowedPhase.run(await context(settings, { content: 'أفضل كـازيـنـو' }))).toEqual({
      status: 'trash',
      reason: { code: 'disallowed_word', params: { word: 'كازينو' } },
    });
    expect(await disallowedPhase.run(await context(settings, { url: 'https://evil.example/' }))).toMatchObject({ status: 'trash' });
    expect(await disallowedPhase.run(await context(settings))).toBeUndefined();
  });

  it('when the site holds every comment, then it is pending', async () => {
    expect(await holdAllPhase.run(await context({ holdAll: true }))).toEqual({ status: 'pending', reason: { code: 'hold_all' } });
    expect(await holdAllPhase.run(await context({ holdAll: false }))).toBeUndefined();
  });

  it('when the text has maxLinks links or more, then it is pending with the count; 0 turns the check off', async () => {
    const content = 'انظر https://a.example و www.b.example';
    expect(await linksPhase.run(await context({ maxLinks: 2 }, { content }))).toEqual({
      status: 'pending',
      reason: { code: 'links', params: { count: 2 } },
    });
    expect(await linksPhase.run(await context({ maxLinks: 3 }, { content }))).toBeUndefined();
    expect(await linksPhase.run(await context({ maxLinks: 0 }, { content }))).toBeUndefined();
    expect(await linksPhase.run(await context({ maxLinks: 1 }, { content: 'بلا روابط', url: 'https://me.example' }))).toBeUndefined();
  });

  it('when a moderation word appears, then it is pending naming the word', async () => {
    expect(await moderationWordsPhase.run(await context({ moderationKeys: ['', 'عرض خاص'] }, { content: 'عَرْض خاصّ اليوم' }))).toEqual({
      status: 'pending',
      reason: { code: 'moderation_word', params: { word: 'عرض خاص' } },
    });
    expect(await moderationWordsPhase.run(await context({ moderationKeys: ['عرض خاص'] }))).toBeUndefined();
  });

  it('when the author has no approved comment yet, then it is pending as a first comment', async () => {
    const ctx = await context();
    expect(await previouslyApprovedPhase.run(ctx)).toEqual({ status: 'pending', reason: { code: 'first_comment' } });
    await earlier(ctx, { status: 'approved', content: 'قديم' });
    expect(await previouslyApprovedPhase.run(ctx)).toBeUndefined();
    // same email under another name is another author, as in WordPress
    expect(await previouslyApprovedPhase.run({ ...ctx, candidate: { ...ctx.candidate, name: 'ليلى ب' } })).toMatchObject({ status: 'pending' });
    expect(await previouslyApprovedPhase.run(await context({ previouslyApproved: false }, { name: 'جديد' }))).toBeUndefined();
  });
});

describe('runPipeline', () => {
  it('when nothing holds a returning author, then the comment is approved with no reasons', async () => {
    const ctx = await context();
    await earlier(ctx, { content: 'قديم' });
    expect(await runPipeline(ctx)).toEqual({ status: 'approved', reasons: [] });
  });

  it('when a first-time author posts under default settings, then it is pending as a first comment', async () => {
    expect(await runPipeline(await context())).toEqual({ status: 'pending', reasons: [{ code: 'first_comment' }] });
  });

  it('when several phases hold the comment, then every reason is kept and the most severe status wins', async () => {
    const ctx = await context(
      { holdAll: true, disallowedKeys: ['casino'], moderationKeys: ['bonus'] },
      { content: 'casino bonus https://a.example https://b.example' },
    );
    expect(await runPipeline(ctx)).toEqual({
      status: 'trash',
      reasons: [
        { code: 'disallowed_word', params: { word: 'casino' } },
        { code: 'hold_all' },
        { code: 'links', params: { count: 2 } },
        { code: 'moderation_word', params: { word: 'bonus' } },
        { code: 'first_comment' },
      ],
    });
  });

  it('when a phase says spam, then the run stops there', async () => {
    const ctx = await context({ holdAll: true, disallowedKeys: ['casino'] }, { honeypot: 'x', content: 'casino' });
    expect(await runPipeline(ctx)).toEqual({ status: 'spam', reasons: [{ code: 'honeypot' }] });
  });

  it('when a moderator posts, then later checks are skipped and it is approved', async () => {
    const ctx = await context({ holdAll: true, moderationKeys: ['x'] }, { byModerator: true, honeypot: 'x', content: 'x' });
    expect(await runPipeline(ctx)).toEqual({ status: 'approved', reasons: [] });
  });

  it('when a refusing phase throws, then the error propagates and nothing is decided', async () => {
    const ctx = await context({ holdAll: true }, { page: { site: 'news', page: PAGE, title: null, url: null, closed: true, createdAt: NOW } });
    await expect(runPipeline(ctx)).rejects.toMatchObject({ code: 'forbidden', key: 'thread_closed' });
  });

  it('when the phases are listed, then refusals come before decisions in the documented order', () => {
    expect(PHASES.map((p) => p.name)).toEqual([
      'closed',
      'length',
      'duplicate',
      'flood',
      'moderator',
      'rules-block-hold',
      'honeypot-token',
      'disallowed',
      'rules-trust',
      'hold-all',
      'links',
      'moderation-words',
      'previously-approved',
    ]);
  });
});

describe('renderReason', () => {
  it('when reasons are shown to moderators, then Arabic uses the right plural form and Arabic digits', () => {
    const links = (count: number) => renderReason({ code: 'links', params: { count } }, 'ar');
    expect([1, 2, 3, 11, 100].map(links)).toEqual(['رابط واحد', 'رابطان', '٣ روابط', '١١ رابطاً', '١٠٠ رابط']);
    expect(renderReason({ code: 'links', params: { count: 1 } }, 'en')).toBe('1 link');
    expect(renderReason({ code: 'links', params: { count: 3 } }, 'en')).toBe('3 links');
    expect(renderReason({ code: 'moderation_word', params: { word: 'عرض' } }, 'ar')).toBe('كلمة مراقبة: عرض');
    expect(renderReason({ code: 'too_fast', params: { seconds: 1.2, min: 3 } }, 'en')).toBe('submitted in 1.2 s (minimum 3 s)');
    expect(renderReason({ code: 'too_fast', params: { seconds: 1.2, min: 3 } }, 'ar')).toBe('أُرسل خلال ١٫٢ ث (الحد الأدنى ٣ ث)');
    expect(renderReason({ code: 'unheard_of' }, 'ar')).toBe('unheard_of');
  });

  it('when any phase emits a reason code, then both locales have words for it', () => {
    const codes = ['first_comment', 'hold_all', 'links', 'moderation_word', 'disallowed_word', 'honeypot', 'token_missing', 'token_forged', 'token_expired', 'too_fast'];
    for (const code of codes) {
      for (const locale of ['ar', 'en'] as const) {
        expect(renderReason({ code, params: { count: 2, word: 'w', seconds: 1, min: 3 } }, locale), `${code}/${locale}`).not.toBe(code);
      }
    }
  });
});
