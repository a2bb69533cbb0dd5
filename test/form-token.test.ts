import { describe, expect, it } from 'vitest';
import { FORM_TOKEN_TTL_MS, checkFormToken, issueFormToken } from '../server/moderation/form-token.js';

const SECRET = 'test-secret-0123456789';
const T0 = Date.UTC(2026, 10, 1, 12, 0, 0);
const PAGE = '/2026/11/مقالة';

describe('form token', () => {
  it('when a token comes back for the same site and page after the minimum time, then it is accepted with its age', () => {
    const token = issueFormToken(SECRET, 'news', PAGE, T0);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(checkFormToken(SECRET, token, 'news', PAGE, T0 + 12_500, 3)).toEqual({ ok: true, ageSeconds: 12.5 });
  });

  it('when the form is sent back faster than the minimum fill time, then it is too fast and says how fast', () => {
    const token = issueFormToken(SECRET, 'news', PAGE, T0);
    expect(checkFormToken(SECRET, token, 'news', PAGE, T0 + 1_200, 3)).toEqual({ ok: false, why: 'too_fast', ageSeconds: 1.2 });
  });

  it('when the token is older than two hours, then it has expired', () => {
    const token = issueFormToken(SECRET, 'news', PAGE, T0);
    expect(checkFormToken(SECRET, token, 'news', PAGE, T0 + FORM_TOKEN_TTL_MS, 3).ok).toBe(true);
    expect(checkFormToken(SECRET, token, 'news', PAGE, T0 + FORM_TOKEN_TTL_MS + 1000, 3)).toMatchObject({ ok: false, why: 'expired' });
  });

  it('when the token is used on another page or site, then it counts as forged', () => {
    const token = issueFormToken(SECRET, 'news', PAGE, T0);
    expect(checkFormToken(SECRET, token, 'news', '/other', T0 + 10_000, 3)).toEqual({ ok: false, why: 'forged' });
    expect(checkFormToken(SECRET, token, 'blog', PAGE, T0 + 10_000, 3)).toEqual({ ok: false, why: 'forged' });
  });

  it('when the token is signed with another secret, altered or garbage, then it is forged', () => {
    const other = issueFormToken('another-secret', 'news', PAGE, T0);
    expect(checkFormToken(SECRET, other, 'news', PAGE, T0 + 10_000, 3)).toEqual({ ok: false, why: 'forged' });

    // Re-date the payload but keep the old signature: the signature no longer fits.
    const [, mac] = issueFormToken(SECRET, 'news', PAGE, T0).split('.');
    const redated = Buffer.from(JSON.stringify({ s: 'news', p: 'x', t: T0 - 60_000 })).toString('base64url');
    expect(checkFormToken(SECRET, `${redated}.${mac}`, 'news', PAGE, T0 + 10_000, 3)).toEqual({ ok: false, why: 'forged' });

    for (const junk of ['', '.', 'abc', 'a.b.c', '!!!.???']) {
      expect(checkFormToken(SECRET, junk, 'news', PAGE, T0, 3)).toEqual({ ok: false, why: 'forged' });
    }
  });

  it('when the token claims to be issued well in the future, then it is forged', () => {
    const token = issueFormToken(SECRET, 'news', PAGE, T0 + 10 * 60_000);
    expect(checkFormToken(SECRET, token, 'news', PAGE, T0, 3)).toEqual({ ok: false, why: 'forged' });
  });
});
