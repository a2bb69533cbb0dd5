import type { Candidate } from '../types.js';

/** Where moderation and disallowed keys are looked for, as in WordPress's check_comment. */
export function authorHaystacks(c: Candidate): string[] {
  return [c.name, c.email, c.url ?? '', c.content, c.ip, c.userAgent];
}
