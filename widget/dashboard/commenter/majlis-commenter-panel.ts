import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Api } from '../api.js';
import type { I18n, Key } from '../i18n/i18n.js';
import { mt, shortDate, type ToolKey } from '../modtools/strings.js';
import type { CommenterAnswer, ModeratorComment } from '../modtools/types.js';
import { describeRule } from '../rules/rule-form.js';
import { shared } from '../shared.styles.js';
import { STATUSES } from '../types.js';
import { isNewer } from '../reader-signals/freshness.js';
import { LiveLogs } from '../live-log.js';
import { textLines } from '../text-lines.js';

/**
 * One commenter's history on the site (GET /api/moderation/commenters), shown beside
 * the queue: the names and IP addresses they used, their first and last comment (Intl
 * dates), how many comments per status (Intl.PluralRules), the rules that apply to them,
 * and their comments, newest first, with «المزيد». The host places it at the inline end
 * and closes it on Escape.
 *
 * @property email - whose history
 * @fires majlis-close-panel - from the close button
 * @fires majlis-rule - `{ comment }` (their latest) from the block/trust button
 * @fires majlis-announce - `{ text }` once the history is loaded
 */
export class MajlisCommenterPanel extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
        background: var(--m-surface);
        border: 1px solid var(--m-border);
        border-radius: var(--m-radius);
        padding-block: 1rem;
        padding-inline: 1rem;
      }
      header {
        display: flex;
        align-items: start;
        gap: 0.5rem;
      }
      h2 {
        font-size: 1.15rem;
        margin: 0;
        flex: 1;
        overflow-wrap: anywhere;
      }
      h3 {
        font-size: 1rem;
        margin-block: 1rem 0.4rem;
      }
      dl {
        display: grid;
        gap: 0.5rem;
        margin-block: 0.75rem;
      }
      dt {
        color: var(--m-muted);
        font-size: 0.9rem;
      }
      dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
      ul,
      ol {
        margin: 0;
        padding-inline-start: 1.1rem;
      }
      .comments {
        list-style: none;
        padding: 0;
        display: grid;
        gap: 0.6rem;
      }
      .comments li {
        border-block-start: 1px solid var(--m-border);
        padding-block-start: 0.5rem;
        display: grid;
        gap: 0.2rem;
      }
      .meta {
        display: flex;
        flex-wrap: wrap;
        gap: 0.2rem 0.75rem;
        color: var(--m-muted);
        font-size: 0.85rem;
      }
      .text {
        margin: 0;
        white-space: pre-line;
        overflow-wrap: anywhere;
        display: -webkit-box;
        -webkit-line-clamp: 4;
        -webkit-box-orient: vertical;
        overflow: hidden;
      }
      .text > div:empty {
        min-block-size: 1lh;
      }
      .st-approved {
        color: var(--m-approve);
      }
      .st-spam {
        color: var(--m-spam);
      }
      .st-trash {
        color: var(--m-trash);
      }
      .quiet {
        color: var(--m-muted);
      }
      .tools {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
    `,
  ];

  @property() site = '';
  @property() email = '';
  @property({ attribute: false }) api!: Api;
  @property({ attribute: false }) i18n!: I18n;

  @state() private data: CommenterAnswer | null = null;
  @state() private error = '';
  @state() private loadingMore = false;
  private generation = 0;
  /** what arrives live while the history or «more» is on its way (its answer may be older) */
  private readonly inFlight = new LiveLogs();

  override willUpdate(changed: PropertyValues): void {
    if ((changed.has('email') || changed.has('site')) && this.email && this.site) void this.reload(true);
  }

  /** Moves the focus to the panel's heading (when it opens). */
  focusHeading(): void {
    this.renderRoot.querySelector<HTMLElement>('h2')?.focus();
  }

  /** A comment seen live: a newer version replaces the one shown. */
  apply(c: ModeratorComment): void {
    this.inFlight.note(c);
    if (!this.data || c.email.toLowerCase() !== this.email.toLowerCase()) return;
    const i = this.data.comments.findIndex((x) => x.id === c.id);
    if (i < 0 || !isNewer(c, this.data.comments[i]!)) return;
    const comments = this.data.comments.slice();
    comments[i] = c;
    this.data = { ...this.data, comments };
  }

  /** Comments deleted for good leave the history (and an answer on its way cannot bring them back). */
  removeDeleted(ids: readonly string[]): void {
    this.inFlight.gone(ids);
    const gone = new Set(ids);
    if (this.data?.comments.some((c) => gone.has(c.id))) this.data = { ...this.data, comments: this.data.comments.filter((c) => !gone.has(c.id)) };
  }

  private url(cursor?: string) {
    return `/api/moderation/commenters?site=${encodeURIComponent(this.site)}&email=${encodeURIComponent(this.email)}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
  }

  /** Reads the history again (after a rule was saved). */
  async reload(announce = false): Promise<void> {
    const gen = ++this.generation;
    this.data = null;
    this.error = '';
    const live = this.inFlight.start();
    try {
      const answer = await this.api.get<CommenterAnswer>(this.url());
      if (gen !== this.generation) return;
      // comments that changed live while it was on its way are shown in their newer version
      const data = { ...answer, comments: answer.comments.map((c) => live.fresher(c)).filter((c): c is ModeratorComment => c !== null) };
      this.data = data;
      if (announce) this.dispatchEvent(new CustomEvent('majlis-announce', { detail: { text: mt(this.i18n, 'panelOpened', { email: data.commenter.email }) }, bubbles: true, composed: true }));
    } catch (e) {
      if (gen === this.generation) this.error = (e as Error).message;
    } finally {
      this.inFlight.stop(live);
    }
  }

  private async more() {
    if (!this.data?.nextCursor || this.loadingMore) return;
    const gen = this.generation;
    this.loadingMore = true;
    const live = this.inFlight.start();
    try {
      const next = await this.api.get<CommenterAnswer>(this.url(this.data.nextCursor));
      if (gen !== this.generation || !this.data) return;
      const have = new Set(this.data.comments.map((c) => c.id));
      const added = next.comments.filter((c) => !have.has(c.id)).map((c) => live.fresher(c));
      this.data = { ...next, comments: [...this.data.comments, ...added.filter((c): c is ModeratorComment => c !== null)] };
    } catch (e) {
      this.error = (e as Error).message;
    } finally {
      this.inFlight.stop(live);
      this.loadingMore = false;
    }
  }

  override render() {
    const t = this.i18n;
    return html`<header>
        <h2 id="panel-title" tabindex="-1">${mt(t, 'panelTitle')}: <bdi>${this.data?.commenter.email ?? this.email}</bdi></h2>
        <button type="button" aria-keyshortcuts="Escape" @click=${this.close}>${mt(t, 'closePanel')}</button>
      </header>
      ${this.error ? html`<p class="error" role="alert">${this.error} <button type="button" @click=${() => this.reload()}>${t.t('retry')}</button></p>` : nothing}
      ${!this.data && !this.error ? html`<p class="quiet">${mt(t, 'panelLoading')}</p>` : nothing}
      ${this.data ? this.renderHistory(this.data) : nothing}`;
  }

  private renderHistory(d: CommenterAnswer) {
    const t = this.i18n;
    const h = d.commenter;
    if (!d.comments.length && h.firstAt === null) return html`<p class="quiet">${mt(t, 'panelEmpty')}</p>`;
    return html`<dl>
        <div>
          <dt>${mt(t, 'names')}</dt>
          <dd>${h.names.map((n, i) => html`${i ? '، ' : ''}<bdi>${n}</bdi>`)}</dd>
        </div>
        <div>
          <dt>${mt(t, 'firstAt')}</dt>
          <dd>${h.firstAt === null ? '—' : html`<time datetime=${new Date(h.firstAt).toISOString()}>${shortDate(t, h.firstAt)}</time>`}</dd>
        </div>
        <div>
          <dt>${mt(t, 'lastAt')}</dt>
          <dd>${h.lastAt === null ? '—' : html`<time datetime=${new Date(h.lastAt).toISOString()}>${shortDate(t, h.lastAt)}</time>`}</dd>
        </div>
        <div>
          <dt>${mt(t, 'counts')}</dt>
          <dd>
            <ul class="counts">
              ${STATUSES.map((s) => html`<li class="st-${s}" data-status=${s}>${mt(t, `count_${s}` as ToolKey, { count: h.counts[s] })}</li>`)}
            </ul>
          </dd>
        </div>
        <div>
          <dt>${mt(t, 'ips')}</dt>
          <dd>${h.ips.length ? html`<ul>${h.ips.map((ip) => html`<li><bdi dir="ltr">${ip}</bdi></li>`)}</ul>` : '—'}</dd>
        </div>
        <div>
          <dt>${mt(t, 'rulesApplying')}</dt>
          <dd>
            ${h.rules.length
              ? html`<ul class="rules">
                  ${h.rules.map((r) => html`<li>${mt(t, `act_${r.action}` as ToolKey)}: ${describeRule(t, r)}${r.note ? html` — <bdi>${r.note}</bdi>` : nothing}</li>`)}
                </ul>`
              : mt(t, 'noRules')}
          </dd>
        </div>
      </dl>
      ${d.comments.length
        ? html`<div class="tools">
            <button type="button" aria-haspopup="dialog" @click=${() => this.emitRule(d.comments[0]!)}>${mt(t, 'rule')}</button>
          </div>`
        : nothing}
      <h3>${mt(t, 'theirComments')}</h3>
      <ol class="comments">
        ${d.comments.map(
          (c) => html`<li data-id=${c.id}>
            <div class="meta">
              <span class="st-${c.status}">${t.t(`status_${c.status}` as Key)}</span>
              <time datetime=${c.createdAt}>${shortDate(t, c.createdAt)}</time>
              <bdi>${c.author.name}</bdi>
              <bdi>${c.pageTitle || c.page}</bdi>
            </div>
            <div class="text">${textLines(c.content)}</div>
          </li>`,
        )}
      </ol>
      ${d.nextCursor ? html`<button type="button" ?disabled=${this.loadingMore} @click=${this.more}>${mt(t, 'more')}</button>` : nothing}`;
  }

  private emitRule(comment: ModeratorComment) {
    this.dispatchEvent(new CustomEvent('majlis-rule', { detail: { comment }, bubbles: true, composed: true }));
  }

  private close() {
    this.dispatchEvent(new CustomEvent('majlis-close-panel', { bubbles: true, composed: true }));
  }
}
