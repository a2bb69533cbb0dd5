import { fillText, strings } from './i18n/index.js';
import type { LiveHandlers } from './live-controller.js';
import type { MajlisComments } from './majlis-comments.js';
import { keepScroll } from './scroll-anchor.js';
import type { ThreadState } from './thread-state.js';
import { liveEvent } from './thread-sync.js';
import type { PublicComment } from './types.js';

/**
 * What <majlis-comments> does with each live event (live-controller.ts): the change is
 * applied to its ThreadState at once, through `liveEvent`, so a re-sync in flight
 * fetches again rather than undo it with an older answer.
 */
export function liveHandlers(h: MajlisComments): LiveHandlers {
  return {
    approved: (c) => liveEvent(h, () => void approved(h, c)),
    removed: (id) => liveEvent(h, () => h.removed(id)),
    count: (n) =>
      liveEvent(h, () => {
        h.thread.total = n;
        h.countChanged();
        h.requestUpdate();
      }),
    reactions: (id, likes) =>
      liveEvent(h, () => {
        h.thread.like(id, likes);
        h.requestUpdate();
      }),
    featured: (c, on) =>
      liveEvent(h, () => {
        h.thread.feature(c, on);
        h.requestUpdate();
      }),
    closed: (closed) => liveEvent(h, () => setClosed(h, closed)),
    own: (c) => liveEvent(h, () => h.ownComments.apply(c)),
    joined: (again) => {
      if (again) void h.resync();
      else void h.ownComments.refresh();
    },
    claims: () => h.ownComments.claims(),
    edited: (c) => liveEvent(h, () => h.edited(c)),
  };
}

/** A comment became visible: the reader's own pending one turns normal, others slide in without moving the reader. */
async function approved(h: MajlisComments, c: PublicComment): Promise<void> {
  const s = strings(h.langInfo.lang);
  let outcome: ReturnType<ThreadState['approve']> = { result: 'known', wasOwn: false };
  await keepScroll(h.renderRoot, () => {
    outcome = h.thread.approve(c);
    if (outcome.result === 'shown') h.fresh.add(c.id);
    return h.rendered();
  });
  if (outcome.result !== 'shown') return;
  h.clock.refresh();
  h.say(outcome.wasOwn ? s.approvedNow : fillText(s.newComment, { name: c.author.name }));
}

/** A moderator closed or reopened the thread while the page is open. */
function setClosed(h: MajlisComments, closed: boolean): void {
  const info = h.thread.info;
  if (!info || info.closed === closed) return;
  h.thread.info = { ...info, closed };
  if (closed) h.replyTo = null;
  else void h.refreshToken();
  h.requestUpdate();
}
