import { ApiError } from './api.js';
import { loadStrings } from './i18n/index.js';
import type { MajlisComments } from './majlis-comments.js';
import { linkedId } from './permalinks.js';
import { keepScroll } from './scroll-anchor.js';
import { ThreadState } from './thread-state.js';

// Loading <majlis-comments>' thread and keeping it equal to a fresh load: the first
// load (or the page around a permalink), "load more", the re-sync after a lost
// connection, and the refill of «تعليقات مختارة». Each answer is checked against
// the host's `generation`, so one for an earlier load is ignored.

/**
 * (Re)loads the thread; answers for a page no longer shown are ignored. With a
 * `#comment-<id>` permalink (and `useHash`), it loads the page of threads holding
 * that comment (`around`), or, when the server has no such comment to show, the start.
 */
export async function loadThread(h: MajlisComments, useHash: boolean): Promise<void> {
  const gen = ++h.generation;
  const { site, page } = h;
  h.state = 'loading';
  h.replyTo = null;
  if (h.loadedKey !== `${site}\n${page}`) {
    // Another thread: nothing of the previous one may stay on screen (nor its form token).
    h.thread = new ThreadState();
    h.token = '';
  }
  const id = useHash ? linkedId() : undefined;
  let missing = false;
  try {
    const first = id
      ? h.fetchPage(undefined, id).catch((e: { status?: number }) => {
          if (e.status !== 404) throw e;
          missing = true;
          return h.fetchPage();
        })
      : h.fetchPage();
    const [r] = await Promise.all([first, loadStrings(h.langInfo.lang)]);
    if (gen !== h.generation) return;
    h.loadedKey = `${site}\n${page}`;
    h.links.loaded(id, r.around);
    h.thread.own = new Map();
    h.thread.sort = h.sort || r.thread.defaultSort || 'oldest';
    h.thread.reset([r]);
    h.countChanged();
    h.moreState = 'idle';
    h.state = 'ready';
    h.clock.refresh();
    h.live.sync();
    const restored = h.ownComments.restore(site, page, () => gen === h.generation);
    if (!r.thread.closed) void h.refreshToken();
    if (id) void restored.then(() => h.links.reveal(id, gen, missing));
  } catch (e) {
    // Said in the widget's language: the English words may still be on their way (offline: Arabic).
    await loadStrings(h.langInfo.lang).catch(() => undefined);
    if (gen !== h.generation) return;
    // Below 500 the server's reason comes through (api.ts), in the widget's language: a refusal
    // (an unknown site…) that trying again cannot fix. Unreached or 5xx: no reason, retry.
    h.refused = e instanceof ApiError ? e.message : '';
    h.state = 'error';
    h.thread.info = null;
    h.emit('majlis-error', { code: 'load_failed', status: (e as { status?: number }).status ?? 0, message: h.loadFailure });
  }
}

/** A live event: applied now, and remembered if a re-sync is fetching (its answer may predate the event). */
export function liveEvent(h: MajlisComments, apply: () => void): void {
  if (h.syncing) h.syncAgain = true;
  if (h.moreState === 'loading') h.moreRaced = true;
  apply();
}

/**
 * After a lost connection: reloads as many pages as were loaded and the
 * reader's own comments, so what was missed shows and nothing shows twice.
 * A live event or a "load more" during the fetch makes it fetch again
 * (a few passes at most), so neither is undone by an older answer.
 */
export function resyncThread(h: MajlisComments): Promise<void> {
  if (h.syncing) {
    h.syncAgain = true;
    return h.syncing;
  }
  const gen = h.generation;
  const { site, page } = h;
  const run = async () => {
    for (let pass = 0; pass < 5 && (pass === 0 || h.syncAgain) && gen === h.generation; pass++) {
      h.syncAgain = false;
      const wanted = h.thread.pages;
      // Opened around a permalink and not gone back to the start: fetch around it again.
      const around = h.thread.prevCursor ? h.links.anchor : undefined;
      const pages = await h.thread.refetch((cursor) => h.fetchPage(cursor, cursor ? undefined : around));
      if (gen !== h.generation) return;
      // Applied anyway on the last pass: a busy thread must not keep what was missed out forever.
      if ((h.syncAgain || h.thread.pages !== wanted) && pass < 4) {
        h.syncAgain = true;
        continue;
      }
      const wasClosed = h.thread.info?.closed;
      await keepScroll(h.renderRoot, () => {
        h.thread.reset(pages);
        return h.rendered();
      });
      if (wasClosed && !h.thread.info?.closed) void h.refreshToken();
      await h.ownComments.restore(site, page, () => gen === h.generation);
    }
  };
  h.syncing = run()
    .catch(() => undefined) // offline again: the next connection re-syncs
    .finally(() => (h.syncing = null));
  return h.syncing;
}

/** The «load more» button: the next page of threads (popular order refetches from the start: ThreadState.morePlan). */
export async function loadMoreThreads(h: MajlisComments): Promise<void> {
  if (!h.thread.nextCursor || h.moreState === 'loading') return;
  const gen = h.generation;
  h.moreState = 'loading';
  h.requestUpdate();
  try {
    // A re-sync replaces the pages and the cursor: continue from its answer, not from before it.
    await h.syncing;
    const plan = h.thread.morePlan();
    if (!plan) {
      h.moreState = 'idle';
      return void h.requestUpdate();
    }
    // Popular order fetches from the start again (likes move threads across a cursor): ThreadState.morePlan.
    h.moreRaced = false;
    const r = await h.fetchPage(plan.cursor, undefined, plan.limit);
    if (gen !== h.generation) return;
    const had = new Set(h.thread.approved.keys());
    if (plan.limit) {
      await keepScroll(h.renderRoot, () => {
        h.thread.replace(r);
        return h.rendered();
      });
    } else h.thread.append(r);
    h.moreState = 'idle';
    // A thread approved while the page travelled was counted as beyond what was loaded, and the
    // page may predate it (then it would never show): fetch what is shown again, as after a lost connection.
    if (h.moreRaced) void h.resync();
    // The button may vanish (last page): keep keyboard users in place on the first new comment.
    const fresh = r.comments.filter((c) => !had.has(c.id));
    const first = fresh.find((c) => !c.parentId) ?? fresh[0];
    await h.rendered();
    if (first) h.focusComment(first.id);
    return;
  } catch {
    h.moreState = 'error';
  }
  h.requestUpdate();
}

/**
 * A comment left a full «تعليقات مختارة» (10) live: the list is fetched again (a one-thread
 * page carries it) so it shows what a reload shows. A featured event meanwhile fetches again.
 */
export async function refillFeatured(h: MajlisComments): Promise<void> {
  h.refilling = true;
  const gen = h.generation;
  try {
    for (let i = 0; i < 3 && h.thread.featuredStale && gen === h.generation; i++) {
      const seen = h.thread.featured;
      const r = await h.fetchPage(undefined, undefined, 1);
      if (gen === h.generation && seen === h.thread.featured) h.thread.takeFeatured(r.featured ?? []);
    }
  } catch {
    h.thread.featuredStale = false; // offline: the re-sync on reconnecting reloads the list
  }
  h.refilling = false;
  h.requestUpdate();
}
