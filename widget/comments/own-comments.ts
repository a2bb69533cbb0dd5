import { fetchOwnComments } from './api.js';
import { addPending, dropPending, pendingFor, setPendingStatus } from './storage.js';
import type { ThreadState } from './thread-state.js';
import type { OwnComment, PublicComment } from './types.js';

/** What OwnComments needs from the widget. */
interface Host {
  site: string;
  page: string;
  langInfo: { tag: string };
  thread: ThreadState;
  /** the thread state changed: render */
  changed(): void;
  /** follow these comments live ("id:token" claims) */
  claim(claims: string[]): void;
}

/**
 * The reader's own comments, remembered in localStorage with their edit tokens:
 * shown as awaiting moderation while pending, checked with the server after a
 * load or a lost connection (a moderator may have decided meanwhile), and
 * followed live through the author-only `comment:status` event. A comment a
 * moderator trashed or spammed disappears, as WordPress shows it to its author.
 */
export class OwnComments {
  /** Live news of the reader's comments, numbered: an answer asked for before a comment's news is older than it. */
  private heard = 0;
  private readonly heardAt = new Map<string, number>();

  constructor(private readonly host: Host) {}

  claims(site = this.host.site, page = this.host.page): string[] {
    return pendingFor(site, page).map((e) => `${e.comment.id}:${e.editToken}`);
  }

  /** Shows the remembered comments still pending at once, then asks the server what became of each. */
  async restore(site: string, page: string, current: () => boolean): Promise<void> {
    const entries = pendingFor(site, page);
    for (const e of entries) if ((e.status ?? 'pending') === 'pending') this.host.thread.setOwn(e.comment, 'pending');
    this.host.changed();
    if (!entries.length) return;
    const asked = this.heard;
    let found: OwnComment[];
    try {
      found = await fetchOwnComments(this.claims(site, page), this.host.langInfo.tag);
    } catch {
      return; // offline: keep what is shown; the next connection asks again
    }
    if (!current()) return;
    const byId = new Map(found.map((c) => [c.id, c]));
    for (const e of entries) {
      const c = byId.get(e.comment.id);
      // a live event about it arrived while the answer travelled: that event is newer
      if ((this.heardAt.get(e.comment.id) ?? -1) > asked) continue;
      if (c) this.apply(c, false);
      else {
        // Unknown to the server (deleted, or another server's data): forget it.
        dropPending(e.comment.id);
        this.host.thread.own.delete(e.comment.id);
      }
    }
    this.host.changed();
  }

  /** After a lost live connection: decisions may have been missed. */
  refresh(): Promise<void> {
    const { site, page } = this.host;
    return this.restore(site, page, () => site === this.host.site && page === this.host.page);
  }

  /** A comment the reader just posted (held, or published at once): its edit token is kept to follow, edit or delete it. */
  posted(site: string, editToken: string, comment: PublicComment, status: 'pending' | 'approved' = 'pending', editableUntil: string | null = null): void {
    addPending({ site, editToken, savedAt: Date.now(), comment, status, editableUntil });
    this.host.thread.setOwn(comment, status);
    this.host.claim([`${comment.id}:${editToken}`]);
  }

  /** What the server says of one of the reader's comments (live or asked). */
  apply(c: OwnComment, render = true): void {
    if (render) this.heardAt.set(c.id, ++this.heard);
    const { status, editableUntil, ...comment } = c;
    if (comment.page !== this.host.page) return;
    setPendingStatus(c.id, status, comment, editableUntil);
    this.host.thread.setOwn(comment, status);
    if (render) this.host.changed();
  }
}
