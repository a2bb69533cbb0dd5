import { html, LitElement, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import type { I18n, Key } from './i18n/i18n.js';
import { actionsFor, lastDecider, undoAction } from './queue-model.js';
import { shared } from './shared.styles.js';
import { styles } from './majlis-comment-item.styles.js';
import type { CommentStatus, ModerationAction, ModeratorComment } from './types.js';
import { REASONS, renderReason } from '../../server/i18n/reasons.js';
import { mt } from './modtools/strings.js';
import type { DashAction } from './reader-signals/model.js';
import { featuredBadge, likesLine, reportsBlock, signalButtons } from './reader-signals/render.js';
import { signalStyles } from './reader-signals/styles.js';
import { textLines } from './text-lines.js';

const UA_MAX = 60;

/** Only http(s) links are rendered as links; anything else stays text. */
function safeHref(u: string | null): string | null {
  if (!u) return null;
  try {
    const url = new URL(u, location.origin);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * A held reason in the dashboard's language, from its code, with the server's own
 * catalogue (one list of reason words for server and dashboard); the server's
 * words when the code is unknown.
 */
export function reasonText(i18n: I18n, code: { code: string; params?: Record<string, string | number> }, fallback?: string): string {
  if (!Object.hasOwn(REASONS, code.code)) return fallback ?? code.code;
  return renderReason(code, i18n.lang);
}

export const ACTION_KEYS: Record<ModerationAction, string> = { approve: 'a', spam: 's', trash: 'd', pending: 'u', restore: 'r' };

/**
 * One comment in the moderation queue: who, where, when, from which IP and
 * browser, why it was held, the full text (as text), and its action buttons.
 * A "decided" comment (its status no longer matches the tab) shows who decided
 * and an undo button instead.
 *
 * @property comment - the ModeratorComment
 * @property tab - the status the queue is showing
 * @property now - ms epoch for relative times (ticked by the queue)
 * @fires majlis-action - `{ id, action }` when a button is pressed (action: a status action, or feature / unfeature / dismiss_reports)
 * @fires majlis-select - `{ id, selected }` when the checkbox changes
 * @fires majlis-commenter - `{ email }` when the name or email is pressed (opens their history)
 * @fires majlis-open-page - `{ page, label }` for the page's every comment
 * @fires majlis-edit / majlis-reply / majlis-rule - `{ comment }` from the item's tool buttons
 * @property showStatus - shows the comment's status (search results mix statuses)
 * @csspart item - the comment's box
 */
export class MajlisCommentItem extends LitElement {
  static override styles = [shared, styles, signalStyles];

  @property({ attribute: false }) comment!: ModeratorComment;
  @property({ attribute: false }) i18n!: I18n;
  @property() tab: CommentStatus = 'pending';
  @property({ type: Number }) now = Date.now();
  @property({ type: Boolean }) selected = false;
  @property({ type: Boolean }) busy = false;
  @property({ type: Boolean, reflect: true }) decided = false;
  @property({ type: Boolean, reflect: true }) fresh = false;
  @property() notice: string | null = null;
  @property({ type: Boolean }) showStatus = false;

  override render() {
    const c = this.comment;
    const t = this.i18n;
    return html`<div class="item" part="item">
      <header>
        ${this.decided
          ? nothing
          : html`<label class="select">
              <input type="checkbox" .checked=${this.selected} @change=${this.onSelect} />
              <span class="sr-only">${t.t('selectItem', { name: c.author.name })}</span>
            </label>`}
        <img class="avatar" src=${c.author.avatar} alt="" width="40" height="40" loading="lazy" />
        <div class="who">
          ${c.email
            ? html`<button type="button" class="who-btn" title=${mt(t, 'historyOf', { who: c.author.name })} @click=${this.openCommenter}>
                <bdi class="name">${c.author.name}</bdi>
              </button>`
            : html`<bdi class="name">${c.author.name}</bdi>`}
          <span class="contact">
            ${c.email
              ? html`<button type="button" class="who-btn" title=${mt(t, 'historyOf', { who: c.email })} @click=${this.openCommenter}>
                  <span class="sr-only">${t.t('fieldEmail')}:</span><bdi class="email">${c.email}</bdi>
                </button>`
              : nothing}
            ${this.website()}
          </span>
        </div>
        ${this.showStatus ? html`<span class="chip status-${c.status}">${mt(t, 'statusNow', { status: t.t(`status_${c.status}` as Key) })}</span>` : nothing}
        <time datetime=${c.createdAt} title=${t.fullDate(c.createdAt)}>${t.ago(c.createdAt, this.now)}</time>
        ${c.editedAt ? html`<span class="edited" title=${t.fullDate(c.editedAt)}>${mt(t, 'editedMark')}</span>` : nothing}
        ${featuredBadge(c, t)} ${likesLine(c, t)}
      </header>
      ${this.replyContext()}
      ${this.decider()}
      ${this.decided ? this.compact() : this.full()}
      ${this.notice ? html`<p class="notice">${this.notice}</p>` : nothing}
    </div>`;
  }

  private website() {
    const href = safeHref(this.comment.author.url);
    if (!href) return nothing;
    return html`<a class="website" href=${href} target="_blank" rel="noopener noreferrer nofollow ugc"
      ><span class="sr-only">${this.i18n.t('fieldWebsite')}:</span><bdi>${this.comment.author.url}</bdi></a
    >`;
  }

  private decider() {
    const d = lastDecider(this.comment);
    const t = this.i18n;
    if (d && d.to === this.comment.status) {
      return html`<p class="decider status-${d.to}">${t.t(`decided_${d.to}` as Key, { name: d.name })}</p>`;
    }
    if (this.decided) {
      return html`<p class="decider status-${this.comment.status}">
        ${t.t('nowIn', { status: t.t(`status_${this.comment.status}` as Key) })}
      </p>`;
    }
    return nothing;
  }

  private compact() {
    return html`<div class="text clamp">${textLines(this.comment.content)}</div>
      <div class="actions">
        <button type="button" ?disabled=${this.busy} @click=${() => this.emit(undoAction(this.tab))}>${this.i18n.t('undo')}</button>
      </div>`;
  }

  private full() {
    const c = this.comment;
    const t = this.i18n;
    const pageHref = safeHref(c.pageUrl);
    const pageLabel = html`<bdi>${c.pageTitle || c.page}</bdi>`;
    const ua = c.userAgent.length > UA_MAX ? `${c.userAgent.slice(0, UA_MAX - 1)}…` : c.userAgent;
    return html`<dl class="facts">
        <div>
          <dt>${t.t('fieldPage')}</dt>
          <dd>
            ${pageHref ? html`<a href=${pageHref} target="_blank" rel="noopener noreferrer">${pageLabel}</a>` : pageLabel}
            ${c.pageTitle ? html`<bdi class="key" dir="ltr">${c.page}</bdi>` : nothing}
            ${c.parentId && !c.replyTo ? html`<span class="reply">${t.t('isReply')}</span>` : nothing}
            <button type="button" class="page-btn" @click=${this.openPage}>${mt(t, 'openPage')}</button>
          </dd>
        </div>
        <div>
          <dt>${t.t('fieldIp')}</dt>
          <dd>${c.ip ? html`<bdi dir="ltr">${c.ip}</bdi>` : this.notKept()}</dd>
        </div>
        <div class="ua">
          <dt>${t.t('fieldUa')}</dt>
          ${c.userAgent ? html`<dd title=${c.userAgent} dir="ltr">${ua}</dd>` : html`<dd>${this.notKept()}</dd>`}
        </div>
        ${c.reasonCodes.length || c.reasons.length
          ? html`<div class="reasons">
              <dt>${t.t('fieldReasons')}</dt>
              <dd>
                <ul>
                  ${c.reasonCodes.length
                    ? c.reasonCodes.map((r, i) => html`<li>${reasonText(t, r, c.reasons[i])}</li>`)
                    : c.reasons.map((r) => html`<li>${r}</li>`)}
                </ul>
              </dd>
            </div>`
          : nothing}
      </dl>
      <div class="text">${textLines(c.content)}</div>
      ${reportsBlock(c, t)}
      <div class="actions" role="group" aria-label=${t.t('itemActions')}>
        ${actionsFor(c.status).map(
          (a) => html`<button
            type="button"
            class="act act-${a}"
            data-action=${a}
            aria-keyshortcuts=${ACTION_KEYS[a]}
            ?disabled=${this.busy}
            @click=${() => this.emit(a)}
          >
            ${t.t(`action_${a}` as Key)}
          </button>`,
        )}
        ${signalButtons(c, t, this.busy, (a) => this.emit(a))}
      </div>
      <div class="tools" role="group" aria-label=${mt(t, 'toolsLabel')}>
          <button type="button" class="tool-edit" aria-haspopup="dialog" ?disabled=${this.busy} @click=${(e: Event) => this.emitTool(e, 'majlis-edit')}>${mt(t, 'edit')}</button>
          ${c.status === 'spam' || c.status === 'trash'
            ? nothing
            : html`<button type="button" class="tool-reply" aria-haspopup="dialog" ?disabled=${this.busy} @click=${(e: Event) => this.emitTool(e, 'majlis-reply')}>${mt(t, 'reply')}</button>`}
          <button type="button" class="tool-rule" aria-haspopup="dialog" aria-keyshortcuts="b" @click=${(e: Event) => this.emitTool(e, 'majlis-rule')}>${mt(t, 'rule')}</button>
      </div>`;
  }

  /** What an empty IP or browser shows: retention cleared it, or the import had none. */
  private notKept() {
    return html`<span class="not-kept">${this.i18n.t('notKept')}</span>`;
  }

  /** «ردّ على سارة: …» and a link to the comment answered, on its page. */
  private replyContext() {
    const r = this.comment.replyTo;
    if (!r) return nothing;
    const href = safeHref(r.url);
    return html`<p class="reply-to">
      <span dir="auto">${mt(this.i18n, 'replyTo', { name: r.name, excerpt: r.excerpt })}</span>
      ${href ? html`<a href=${href} target="_blank" rel="noopener noreferrer">${mt(this.i18n, 'replyToLink')}</a>` : nothing}
    </p>`;
  }

  // Tool events leave from the pressed button, so the host knows where to return the focus.
  private openCommenter(e: Event) {
    (e.currentTarget as HTMLElement).dispatchEvent(new CustomEvent('majlis-commenter', { detail: { email: this.comment.email }, bubbles: true, composed: true }));
  }

  private openPage(e: Event) {
    const c = this.comment;
    (e.currentTarget as HTMLElement).dispatchEvent(new CustomEvent('majlis-open-page', { detail: { page: c.page, label: c.pageTitle || c.page }, bubbles: true, composed: true }));
  }

  private emitTool(e: Event, name: 'majlis-edit' | 'majlis-reply' | 'majlis-rule') {
    (e.currentTarget as HTMLElement).dispatchEvent(new CustomEvent(name, { detail: { comment: this.comment }, bubbles: true, composed: true }));
  }

  private onSelect(e: Event) {
    const selected = (e.target as HTMLInputElement).checked;
    this.dispatchEvent(new CustomEvent('majlis-select', { detail: { id: this.comment.id, selected }, bubbles: true, composed: true }));
  }

  private emit(action: DashAction) {
    this.dispatchEvent(new CustomEvent('majlis-action', { detail: { id: this.comment.id, action }, bubbles: true, composed: true }));
  }
}
