/**
 * The reader actions, a chunk <majlis-comments> loads after first paint
 * (ISSUE14-API.md): likes, copy-link, edit and delete of the reader's own
 * comments within the site's window, reports, the sort choice and the
 * «تعليقات مختارة» section. Until it has loaded none of it shows; nothing else waits for it.
 */
import { html, nothing } from 'lit';
import { formatNumber, plural } from '../../shared/plural.js';
import { serverNow } from '../../shared/server-clock.js';
import { ApiError } from '../api.js';
import { permalink } from '../comment-view.js';
import { linkifyLines } from '../linkify.js';
import type { MajlisComments, ReaderExtras } from '../majlis-comments.js';
import { restoreGlobals } from '../no-globals.js';
import { dropPending, ownEntry } from '../storage.js';
import type { PublicComment, ShownComment, Sort } from '../types.js';
import { deleteComment, editComment, loadLiked, react, report, saveLiked, type Reason } from './api.js';
import { reportDialog, type ReportState } from './report-dialog.js';
import { readerStrings } from '../i18n/reader.js';
import { readerCss } from './styles.js';

const SORTS: Sort[] = ['oldest', 'newest', 'popular'];

/** Makes the extras for one widget and adds their styles to its shadow root. */
export function readerExtras(host: MajlisComments): ReaderExtras {
  const root = host.renderRoot as ShadowRoot;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(readerCss);
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  restoreGlobals();
  return new Reader(host);
}

class Reader implements ReaderExtras {
  private liked = loadLiked();
  private liking = new Set<string>();
  private editing: { id: string; text: string; busy: boolean; error: string } | null = null;
  private confirming: string | null = null;
  private closedIds = new Set<string>();
  private reporting: (ReportState & { id: string }) | null = null;

  constructor(private readonly host: MajlisComments) {}

  private get s() {
    return readerStrings(this.host.langInfo.lang);
  }
  private get tag() {
    return this.host.langInfo.tag;
  }
  private update(): Promise<boolean> {
    return this.host.rendered();
  }

  /** The edit token and end of the window for one of the reader's own comments still editable, else null. */
  private editable(c: ShownComment): { token: string; until: number } | null {
    if (this.closedIds.has(c.id) || c.deleted) return null;
    const e = ownEntry(c.id);
    const until = e?.editableUntil ? Date.parse(e.editableUntil) : NaN;
    return e && until > serverNow() ? { token: e.editToken, until } : null;
  }

  /** Whole minutes left, never more than the site's window (the estimate of the server's clock is to the second). */
  private minutesLeft(until: number): number {
    const left = Math.ceil((until - serverNow()) / 60_000);
    return Math.min(left, this.host.thread.info?.editWindowMinutes || left);
  }

  top() {
    const t = this.host.thread;
    const s = this.s;
    const sorts = SORTS.filter((k) => k !== 'popular' || t.info?.reactions !== false);
    return html`<div class="tools">
        <label for="sort">${s.sortLabel}</label>
        <select id="sort" part="sort" @change=${(e: Event) => this.host.setSort((e.target as HTMLSelectElement).value as Sort)}>
          ${sorts.map((k) => html`<option value=${k} ?selected=${t.sort === k}>${s.sorts[k]}</option>`)}
        </select>
      </div>
      ${t.featured.length
        ? html`<section part="featured" class="featured" aria-labelledby="featured-h">
            <h3 id="featured-h">${s.featured}</h3>
            <ol>
              ${t.featured.map(
                (c) => html`<li>
                  <p class="author"><bdi>${c.author.name}</bdi></p>
                  <div class="content">${linkifyLines(c.content, c.links).map((p) => html`<div dir="auto">${p}</div>`)}</div>
                  <a href=${permalink(c.id)}>${s.goTo}</a>
                </li>`,
              )}
            </ol>
          </section>`
        : nothing}
      ${this.reporting
        ? reportDialog(s, this.reporting, {
            reason: (r) => this.patchReport({ reason: r, error: '' }),
            note: (n) => this.patchReport({ note: n }),
            send: () => void this.sendReport(),
            close: () => void this.closeReport(),
          })
        : nothing}`;
  }

  editor(c: ShownComment) {
    const e = this.editing;
    if (!e || e.id !== c.id) return undefined;
    const s = this.s;
    return html`<form class="edit" novalidate @submit=${(ev: Event) => (ev.preventDefault(), void this.save(c))}>
      <label class="sr" for="edit-text">${s.editLabel}</label>
      <textarea id="edit-text" rows="4" dir="auto" .value=${e.text} aria-invalid=${e.error ? 'true' : 'false'}
        aria-describedby=${e.error ? 'edit-err' : nothing} @input=${(ev: Event) => (e.text = (ev.target as HTMLTextAreaElement).value)}></textarea>
      ${e.error ? html`<p class="err" id="edit-err" role="alert">${e.error}</p>` : nothing}
      <div class="row">
        <button class="btn" type="submit" aria-disabled=${e.busy ? 'true' : 'false'}>${s.save}</button>
        <button class="btn plain" type="button" @click=${() => this.stopEditing(c.id)}>${s.cancel}</button>
      </div>
    </form>`;
  }

  actions(c: ShownComment) {
    const s = this.s;
    const mine = this.editable(c);
    const own = !!ownEntry(c.id);
    const likes = this.host.thread.info?.reactions !== false && !c.pending && !c.deleted;
    const pressed = this.liked.has(c.id);
    return html`${likes
        ? html`<button class="act like" part="like" type="button" aria-pressed=${pressed ? 'true' : 'false'} @click=${() => void this.like(c)}>
            ${s.like} <span class="n">${formatNumber(this.tag, c.likes ?? 0)}</span>
          </button>`
        : nothing}
      ${c.pending ? nothing : html`<button class="act copy" type="button" @click=${() => void this.copy(c.id)}>${s.copyLink}</button>`}
      ${own || c.pending ? nothing : html`<button class="act report" type="button" aria-haspopup="dialog" @click=${() => void this.openReport(c)}>${s.report}</button>`}
      ${mine && this.editing?.id !== c.id
        ? html`<button class="act edit" type="button" @click=${() => void this.startEditing(c)}>${s.edit}</button>
            <button class="act delete" type="button" aria-expanded=${this.confirming === c.id ? 'true' : 'false'} @click=${() => void this.askDelete(c.id)}>${s.delete}</button>
            <span class="left">${plural(this.tag, this.minutesLeft(mine.until), s.timeLeft)}</span>`
        : nothing}
      ${mine && this.confirming === c.id
        ? html`<div class="confirm" role="group" aria-label=${s.delete}>
            <p>${s.confirmDelete}</p>
            <div class="row">
              <button class="btn yes" type="button" @click=${() => void this.remove(c)}>${s.confirmYes}</button>
              <button class="btn plain" type="button" @click=${() => this.cancelDelete(c.id)}>${s.cancel}</button>
            </div>
          </div>`
        : nothing}`;
  }

  private async like(c: ShownComment): Promise<void> {
    if (this.liking.has(c.id)) return;
    const on = !this.liked.has(c.id);
    this.liking.add(c.id);
    try {
      const r = await react(c.id, on, this.tag);
      if (r.liked) this.liked.add(c.id);
      else this.liked.delete(c.id);
      saveLiked(this.liked);
      this.host.thread.like(c.id, r.likes);
    } catch (e) {
      this.host.say((e as ApiError).message || this.s.failed);
    } finally {
      this.liking.delete(c.id);
      this.host.requestUpdate();
    }
  }

  private async copy(id: string): Promise<void> {
    const url = permalink(id);
    try {
      await navigator.clipboard.writeText(url);
    } catch {
      // No clipboard API (insecure context): the old way, from a throwaway field.
      const t = document.createElement('textarea');
      t.value = url;
      this.host.renderRoot.appendChild(t);
      t.select();
      document.execCommand('copy');
      t.remove();
    }
    this.host.say(this.s.copied);
  }

  private async startEditing(c: ShownComment): Promise<void> {
    this.confirming = null;
    this.editing = { id: c.id, text: c.content, busy: false, error: '' };
    await this.update();
    this.host.renderRoot.querySelector<HTMLTextAreaElement>('#edit-text')?.focus();
  }

  private async stopEditing(id: string, focus = '.edit'): Promise<void> {
    this.editing = null;
    await this.update();
    this.host.focusComment(id, focus);
  }

  /** Sends the edit; the server runs moderation again, so the comment may stay, be held for review, or be refused. */
  private async save(c: ShownComment): Promise<void> {
    const e = this.editing;
    const mine = this.editable(c);
    if (!e || e.busy) return;
    if (!mine) return this.closeWindow(c.id);
    e.busy = true;
    e.error = '';
    this.host.requestUpdate();
    try {
      const r = await editComment(c.id, e.text, mine.token, this.tag);
      const { status, ...comment } = r.comment;
      const own = status === 'approved' || status === 'pending' ? status : 'removed';
      if (own !== 'approved') this.host.removed(c.id);
      this.host.ownComments.apply({ ...comment, status: own, editableUntil: r.editableUntil });
      if (own === 'approved') this.host.edited(comment);
      this.editing = null;
      this.host.say(own === 'approved' ? this.s.saved : own === 'pending' ? this.s.editHeld : this.s.editRejected);
      await this.update();
      this.host.focusComment(c.id);
    } catch (err) {
      const a = err as ApiError;
      if (a.code === 'edit_window_closed') return this.closeWindow(c.id, a.message);
      e.busy = false;
      e.error = a.fields?.content || a.message || this.s.failed;
      this.host.requestUpdate();
    }
  }

  /** The window ended: edit and delete go, the reader is told. */
  private closeWindow(id: string, message = ''): void {
    this.closedIds.add(id);
    this.editing = null;
    this.confirming = null;
    this.host.say(message || this.s.windowClosed);
    void this.update().then(() => this.host.focusComment(id));
  }

  private async askDelete(id: string): Promise<void> {
    this.confirming = id;
    await this.update();
    this.host.renderRoot.querySelector<HTMLElement>('.confirm .yes')?.focus();
  }

  private async cancelDelete(id: string): Promise<void> {
    this.confirming = null;
    await this.update();
    this.host.focusComment(id, '.delete');
  }

  /** Deletes the reader's comment: gone, or «تعليق محذوف» where approved replies hang from it (as the server shows it). */
  private async remove(c: ShownComment): Promise<void> {
    const mine = this.editable(c);
    if (!mine) return this.closeWindow(c.id);
    try {
      await deleteComment(c.id, mine.token, this.tag);
    } catch (err) {
      const a = err as ApiError;
      if (a.code === 'edit_window_closed') return this.closeWindow(c.id, a.message);
      return this.host.say(a.message || this.s.failed);
    }
    this.confirming = null;
    dropPending(c.id);
    this.host.thread.own.delete(c.id);
    const t = this.host.thread;
    const hasReplies = [...t.approved.values()].some((x) => x.parentId === c.id);
    if (hasReplies) {
      const placeholder: PublicComment = { ...c, deleted: true, content: '', links: [], author: { name: '', url: null, avatar: '' } };
      delete (placeholder as ShownComment).pending;
      this.host.edited(placeholder);
    } else this.host.removed(c.id);
    this.host.say(this.s.deletedOk);
    await this.update();
    if (hasReplies) this.host.focusComment(c.id);
    else this.host.renderRoot.querySelector<HTMLElement>('#count')?.focus();
  }

  private async openReport(c: ShownComment): Promise<void> {
    this.reporting = { id: c.id, name: c.author.name, reason: null, note: '', busy: false, error: '' };
    await this.update();
    this.host.renderRoot.querySelector<HTMLDialogElement>('dialog.dlg')?.showModal();
  }

  private patchReport(p: Partial<ReportState>): void {
    if (this.reporting) Object.assign(this.reporting, p);
    this.host.requestUpdate();
  }

  private async closeReport(message = ''): Promise<void> {
    const id = this.reporting?.id;
    this.host.renderRoot.querySelector<HTMLDialogElement>('dialog.dlg')?.close();
    this.reporting = null;
    await this.update();
    if (message) this.host.say(message);
    // The comment may have gone (the report pushed it past the threshold): focus stays sensible either way.
    if (id) this.host.focusComment(id, '.report');
  }

  private async sendReport(): Promise<void> {
    const r = this.reporting;
    if (!r || r.busy) return;
    if (!r.reason) return this.patchReport({ error: this.s.pickReason });
    this.patchReport({ busy: true, error: '' });
    try {
      await report(r.id, r.reason as Reason, r.note.trim(), this.tag);
      await this.closeReport(this.s.thanks);
    } catch (err) {
      this.patchReport({ busy: false, error: (err as ApiError).message || this.s.failed });
    }
  }
}
