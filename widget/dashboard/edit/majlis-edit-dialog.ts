import { html, LitElement, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { ApiError, type Api } from '../api.js';
import type { I18n } from '../i18n/i18n.js';
import { formStyles } from '../modtools/forms.styles.js';
import { mt } from '../modtools/strings.js';
import type { ModeratorComment } from '../modtools/types.js';
import { shared } from '../shared.styles.js';
import { serverNow } from '../../shared/server-clock.js';

type Mode = 'edit' | 'reply';
interface EditRecord {
  at: number;
  by: { id: string; name: string };
}

/**
 * Edit a comment (PATCH /api/moderation/comments/:id with the version seen) or reply to
 * it as the signed-in moderator (POST …/replies: approved at once). A stale version
 * (409) says who changed it first and when — the last edit or status change — and loads
 * the current version into the form. A modal <dialog>: Escape cancels, focus returns.
 *
 * @fires majlis-comment-changed - `{ comment, message }` with the edited comment or the new reply
 */
export class MajlisEditDialog extends LitElement {
  static override styles = [shared, formStyles];

  @property({ attribute: false }) api!: Api;
  @property({ attribute: false }) i18n!: I18n;

  @state() private comment: ModeratorComment | null = null;
  @state() private mode: Mode = 'edit';
  @state() private problem = '';
  @state() private fields: Record<string, string> = {};
  @state() private busy = false;
  @query('dialog') private dialog!: HTMLDialogElement;
  private opener: HTMLElement | null = null;

  get open(): boolean {
    return this.dialog?.open ?? false;
  }

  async show(comment: ModeratorComment, mode: Mode, opener: HTMLElement | null): Promise<void> {
    this.comment = comment;
    this.mode = mode;
    this.opener = opener;
    this.problem = '';
    this.fields = {};
    await this.updateComplete;
    this.fill(comment);
    if (!this.dialog.open) this.dialog.showModal();
    this.dialog.querySelector<HTMLTextAreaElement>('textarea')?.focus();
  }

  /** Puts a comment's current values into the edit fields (on open, and after a conflict). */
  private fill(c: ModeratorComment) {
    const set = (sel: string, v: string) => {
      const el = this.dialog.querySelector<HTMLInputElement | HTMLTextAreaElement>(sel);
      if (el) el.value = v;
    };
    if (this.mode === 'edit') {
      set('#edit-name', c.author.name);
      set('#edit-url', c.author.url ?? '');
      set('#edit-content', c.content);
    } else set('#reply-content', '');
  }

  override render() {
    const t = this.i18n;
    const c = this.comment;
    const title = !c ? '' : this.mode === 'edit' ? mt(t, 'editTitle', { name: c.author.name }) : mt(t, 'replyTitle', { name: c.author.name });
    return html`<dialog aria-labelledby="edit-title" @close=${this.onClose}>
      <h2 id="edit-title">${title}</h2>
      ${c ? (this.mode === 'edit' ? this.renderEdit() : this.renderReply(c)) : nothing}
    </dialog>`;
  }

  private field(id: string, name: string, label: string, input: unknown) {
    const err = this.fields[name];
    return html`<div class="field">
      <label for=${id}>${label}</label>
      ${input} ${err ? html`<p class="problem" id="${id}-error">${err}</p>` : nothing}
    </div>`;
  }

  private renderEdit() {
    const t = this.i18n;
    const invalid = (n: string) => (this.fields[n] ? 'true' : 'false');
    return html`<form @submit=${this.onSubmit}>
      ${this.field('edit-name', 'name', mt(t, 'fieldName'), html`<input id="edit-name" name="name" type="text" required maxlength="100" dir="auto" aria-invalid=${invalid('name')} aria-describedby=${this.fields.name ? 'edit-name-error' : nothing} />`)}
      ${this.field('edit-url', 'url', mt(t, 'fieldUrl'), html`<input id="edit-url" name="url" type="url" dir="ltr" maxlength="500" aria-invalid=${invalid('url')} aria-describedby=${this.fields.url ? 'edit-url-error' : nothing} />`)}
      ${this.field('edit-content', 'content', mt(t, 'fieldContent'), html`<textarea id="edit-content" name="content" required dir="auto" aria-invalid=${invalid('content')} aria-describedby=${this.fields.content ? 'edit-content-error' : nothing}></textarea>`)}
      ${this.problem ? html`<p class="problem" role="alert">${this.problem}</p>` : nothing}
      <div class="buttons">
        <button type="button" @click=${() => this.dialog.close()}>${mt(t, 'cancel')}</button>
        <button type="submit" class="primary" ?disabled=${this.busy}>${mt(t, 'saveEdit')}</button>
      </div>
    </form>`;
  }

  private renderReply(c: ModeratorComment) {
    const t = this.i18n;
    return html`<form @submit=${this.onSubmit}>
      <p class="hint" dir="auto">${mt(t, 'replyTo', { name: c.author.name, excerpt: [...c.content].slice(0, 100).join('') })}</p>
      ${this.field('reply-content', 'content', mt(t, 'replyField'), html`<textarea id="reply-content" name="content" required dir="auto" aria-describedby="reply-note${this.fields.content ? ' reply-content-error' : ''}" aria-invalid=${this.fields.content ? 'true' : 'false'}></textarea>`)}
      <p class="hint" id="reply-note">${mt(t, 'replyNote')}</p>
      ${this.problem ? html`<p class="problem" role="alert">${this.problem}</p>` : nothing}
      <div class="buttons">
        <button type="button" @click=${() => this.dialog.close()}>${mt(t, 'cancel')}</button>
        <button type="submit" class="primary" ?disabled=${this.busy}>${mt(t, 'sendReply')}</button>
      </div>
    </form>`;
  }

  private async onSubmit(e: SubmitEvent) {
    e.preventDefault();
    const c = this.comment;
    if (!c || this.busy) return;
    const data = new FormData(e.target as HTMLFormElement);
    const t = this.i18n;
    this.busy = true;
    this.problem = '';
    this.fields = {};
    try {
      let changed: ModeratorComment;
      let message: string;
      const base = `/api/moderation/comments/${encodeURIComponent(c.id)}`;
      if (this.mode === 'edit') {
        const body = { name: String(data.get('name') ?? ''), url: String(data.get('url') ?? ''), content: String(data.get('content') ?? ''), version: c.version };
        changed = (await this.api.send<{ comment: ModeratorComment }>('PATCH', base, body)).comment;
        message = mt(t, 'editSaved');
      } else {
        changed = (await this.api.send<{ comment: ModeratorComment }>('POST', `${base}/replies`, { content: String(data.get('content') ?? '') })).comment;
        message = mt(t, 'replied', { name: c.author.name });
      }
      this.dispatchEvent(new CustomEvent('majlis-comment-changed', { detail: { comment: changed, message }, bubbles: true, composed: true }));
      this.dialog.close();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.status === 409 && this.mode === 'edit' && err.body.comment) await this.conflict(err.body.comment as ModeratorComment);
      else if (err.status === 422 && Object.keys(err.fields).length) this.fields = err.fields;
      else this.problem = mt(t, 'failed', { message: err.message });
    } finally {
      this.busy = false;
    }
  }

  /** Who changed it first: the later of its last edit and its last status change. */
  private async conflict(current: ModeratorComment) {
    const t = this.i18n;
    let edit: EditRecord | undefined;
    try {
      edit = (await this.api.get<{ edits: EditRecord[] }>(`/api/moderation/comments/${encodeURIComponent(current.id)}/edits`)).edits.at(-1);
    } catch {
      edit = undefined; // the message then names the status change, or no one
    }
    const decided = current.history.at(-1);
    const decidedAt = decided?.by ? Date.parse(decided.at) : -1;
    const now = serverNow();
    if (edit && edit.at >= decidedAt) this.problem = mt(t, 'conflictEdited', { name: edit.by.name, when: t.since(new Date(edit.at).toISOString(), now) });
    else if (decided?.by) this.problem = mt(t, 'conflictDecided', { name: decided.by.name, when: t.since(decided.at, now) });
    else this.problem = mt(t, 'conflictOther');
    this.comment = current;
    await this.updateComplete;
    this.fill(current);
    this.dispatchEvent(new CustomEvent('majlis-comment-changed', { detail: { comment: current, message: '' }, bubbles: true, composed: true }));
  }

  private onClose() {
    const back = this.opener;
    this.opener = null;
    if (back?.isConnected) back.focus();
  }
}
