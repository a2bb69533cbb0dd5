import { ApiError, fetchOwnComment } from './api.js';
import { dropPending, pendingFor, type PendingEntry } from './storage.js';
import type { PublicComment } from './types.js';

/** What OwnComments needs from the widget. */
interface Host {
  site: string;
  page: string;
  langInfo: { tag: string };
  showPending(c: PublicComment): void;
  dropShown(id: string): void;
  approved(c: PublicComment): Promise<void>;
}

/**
 * The reader's own comments awaiting moderation, remembered in localStorage with
 * their edit tokens: shown again after a reload and checked with the server,
 * since a moderator may have decided while the page was closed.
 */
export class OwnComments {
  constructor(private readonly host: Host) {}

  /** Shows the remembered snapshots at once, then asks the server what became of each. */
  async restore(site: string, page: string, current: () => boolean): Promise<void> {
    const entries = pendingFor(site, page);
    entries.forEach((e) => this.host.showPending(e.comment));
    await Promise.all(entries.map((e) => this.check(e, current)));
  }

  /** After a lost live connection: decisions may have been missed. */
  refresh(): Promise<void> {
    const { site, page } = this.host;
    return this.restore(site, page, () => site === this.host.site && page === this.host.page);
  }

  forget(id: string): void {
    dropPending(id);
  }

  private async check(e: PendingEntry, current: () => boolean): Promise<void> {
    const { id } = e.comment;
    try {
      const { status, ...comment } = await fetchOwnComment(id, e.editToken, this.host.langInfo.tag);
      if (!current()) return;
      if (status === 'approved') {
        dropPending(id);
        await this.host.approved(comment);
      }
      else if (status === 'trash') this.gone(id);
      // pending and spam both read as "awaiting moderation" to the author, as when it was posted.
    } catch (err) {
      // Unknown to the server (deleted, or another server's data): stop showing it. Offline: keep it.
      if (err instanceof ApiError && err.status === 404 && current()) this.gone(id);
    }
  }

  private gone(id: string): void {
    dropPending(id);
    this.host.dropShown(id);
  }
}
