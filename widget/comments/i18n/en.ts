import type { Strings } from './ar.js';

/** The reader widget's words in English, same keys as ar.ts. */
const en: Strings = {
  count: {
    zero: 'No comments yet',
    one: '{n} comment',
    two: '{n} comments',
    few: '{n} comments',
    many: '{n} comments',
    other: '{n} comments',
  },
  reply: 'Reply',
  replyTo: 'Reply to {name}',
  awaiting: 'Your comment is awaiting moderation.',
  published: 'Your comment is published.',
  approvedNow: 'A moderator approved your comment; it is now public.',
  newComment: 'New comment from {name}.',
  loadMore: 'Show more comments',
  loading: 'Loading comments…',
  loadError: 'The comments could not be loaded: the server is not answering or you are offline.',
  refused: 'The comments could not be loaded. {message}',
  retry: 'Try again',
  closed: 'Comments are closed on this page.',
  edited: '(edited)',
  deleted: 'Comment deleted',
  older: 'Older comments',
  newer: 'Newer comments',
  linkMissing: 'The comment this link points to is not available.',
};

export default en;
