import { matchKeys } from '../key-matcher.js';
import type { Phase } from '../types.js';
import { authorHaystacks } from './haystacks.js';

/**
 * WordPress's disallowed keys: a match in name, email, url, text, IP or user
 * agent sends the comment straight to the trash.
 */
export const disallowedPhase: Phase = {
  name: 'disallowed',
  run({ candidate }) {
    const word = matchKeys(candidate.site.settings.disallowedKeys, authorHaystacks(candidate));
    return word === null ? undefined : { status: 'trash', reason: { code: 'disallowed_word', params: { word } } };
  },
};
