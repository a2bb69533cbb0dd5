import { matchKeys } from '../key-matcher.js';
import type { Phase } from '../types.js';
import { authorHaystacks } from './haystacks.js';

/** WordPress's moderation keys: a match anywhere the author wrote holds the comment. */
export const moderationWordsPhase: Phase = {
  name: 'moderation-words',
  run({ candidate }) {
    const word = matchKeys(candidate.site.settings.moderationKeys, authorHaystacks(candidate));
    return word === null ? undefined : { status: 'pending', reason: { code: 'moderation_word', params: { word } } };
  },
};
