import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { adminStyles } from '../admin/admin.styles.js';
import { actionLabel, at } from '../admin/strings.js';
import type { Api } from '../api.js';
import type { I18n } from '../i18n/i18n.js';
import { shared } from '../shared.styles.js';
import { serverNow } from '../../shared/server-clock.js';

/** An entry of GET /api/moderation/audit (server/audit/types.ts; `at` as ISO text). */
interface Entry {
  id: string;
  at: string;
  by: { id: string; name: string } | null;
  site: string | null;
  action: string;
  target: string | null;
  before: unknown;
  after: unknown;
}

/** New entries are looked for this often while the page is visible. */
const REFRESH_MS = 30_000;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The audit log of one site (GET /api/moderation/audit?site=S), newest first: who, when
 * (relative, with the full date on hover and in `datetime`), what, and a before/after table
 * of the fields that changed. "Show older" follows the cursor. While the page is visible it
 * looks for new entries every 30 s and announces them politely.
 *
 * @property site - the site id
 * @property api - the JSON client
 * @property i18n - strings for the current language
 */
export class MajlisAudit extends LitElement {
  static override styles = [
    shared,
    adminStyles,
    css`
      li.entry {
        border-block-end: 1px solid var(--m-border);
        padding-block: 0.6rem;
        display: grid;
        gap: 0.3rem;
      }
      .line {
        margin: 0;
      }
      .who {
        font-weight: 600;
      }
      time,
      .target {
        color: var(--m-muted);
      }
      td pre {
        margin: 0;
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        font: inherit;
      }
    `,
  ];

  @property() site = '';
  @property({ attribute: false }) api!: Api;
  @property({ attribute: false }) i18n!: I18n;

  @state() private entries: Entry[] | null = null;
  @state() private next: string | null = null;
  @state() private error = '';
  @state() private announce = '';
  private timer: ReturnType<typeof setInterval> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.timer = setInterval(() => {
      if (document.visibilityState === 'visible') void this.refresh();
    }, REFRESH_MS);
  }

  override disconnectedCallback(): void {
    clearInterval(this.timer);
    super.disconnectedCallback();
  }

  override willUpdate(changed: PropertyValues): void {
    if (changed.has('site') && this.site) void this.load();
  }

  private path(cursor?: string | null) {
    return `/api/moderation/audit?site=${encodeURIComponent(this.site)}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
  }

  private async load() {
    const site = this.site;
    this.entries = null;
    this.error = '';
    try {
      const res = await this.api.get<{ entries: Entry[]; nextCursor: string | null }>(this.path());
      if (site !== this.site) return;
      this.entries = res.entries;
      this.next = res.nextCursor;
    } catch (e) {
      this.error = (e as Error).message;
    }
  }

  /** Prepends entries newer than the newest shown, and says how many (politely). */
  async refresh() {
    if (!this.entries) return this.load();
    try {
      const res = await this.api.get<{ entries: Entry[] }>(this.path());
      const known = new Set(this.entries.map((e) => e.id));
      const fresh = res.entries.filter((e) => !known.has(e.id));
      if (fresh.length) {
        this.entries = [...fresh, ...this.entries];
        this.announce = at(this.i18n, 'auditNew', { count: fresh.length });
      }
    } catch {
      // a missed refresh is tried again at the next tick
    }
  }

  private async more() {
    if (!this.next || !this.entries) return;
    try {
      const res = await this.api.get<{ entries: Entry[]; nextCursor: string | null }>(this.path(this.next));
      const known = new Set(this.entries.map((e) => e.id));
      this.entries = [...this.entries, ...res.entries.filter((e) => !known.has(e.id))];
      this.next = res.nextCursor;
    } catch (e) {
      this.error = (e as Error).message;
    }
  }

  override render() {
    const i = this.i18n;
    return html`<section aria-labelledby="audit-title">
      <h2 id="audit-title">${at(i, 'auditTitle', { site: this.site })}</h2>
      <p class="intro">${at(i, 'auditIntro')}</p>
      <div class="actions"><button type="button" @click=${() => this.refresh()}>${at(i, 'auditRefresh')}</button></div>
      <p class="status" role="status" aria-live="polite">${this.announce}</p>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${this.entries === null
        ? this.error
          ? nothing
          : html`<p>${at(i, 'loading')}</p>`
        : this.entries.length === 0
          ? html`<p>${at(i, 'auditEmpty')}</p>`
          : html`<ul class="plain" aria-labelledby="audit-title">
              ${this.entries.map((e) => this.renderEntry(e))}
            </ul>`}
      ${this.next ? html`<div class="actions"><button type="button" @click=${this.more}>${at(i, 'auditLoadMore')}</button></div>` : nothing}
    </section>`;
  }

  private renderEntry(e: Entry) {
    const i = this.i18n;
    const rows = this.changes(e.before, e.after);
    return html`<li class="entry" data-action=${e.action}>
      <p class="line">
        <span class="who">${e.by ? html`<bdi>${e.by.name}</bdi>` : at(i, 'system')}</span>
        ${actionLabel(i, e.action)} ·
        <time datetime=${e.at} title=${i.fullDate(e.at)}>${i.since(e.at, serverNow())}</time>
      </p>
      ${e.target ? html`<p class="line target">${at(i, 'target', { target: e.target })}</p>` : nothing}
      ${rows.length
        ? html`<details>
            <summary>${at(i, 'details')}</summary>
            <table>
              <thead>
                <tr>
                  <th scope="col">${at(i, 'field')}</th>
                  <th scope="col">${at(i, 'before')}</th>
                  <th scope="col">${at(i, 'after')}</th>
                </tr>
              </thead>
              <tbody>
                ${rows.map(
                  (r) => html`<tr>
                    <th scope="row"><bdi>${r.field}</bdi></th>
                    <td>${this.value(r.before)}</td>
                    <td>${this.value(r.after)}</td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </details>`
        : nothing}
    </li>`;
  }

  /** The fields that differ between before and after (every field when one side is missing). */
  private changes(before: unknown, after: unknown): Array<{ field: string; before: unknown; after: unknown }> {
    if (before === null && after === null) return [];
    if (!isObject(before) && !isObject(after)) return [{ field: '', before, after }];
    const b = isObject(before) ? before : {};
    const a = isObject(after) ? after : {};
    return [...new Set([...Object.keys(b), ...Object.keys(a)])]
      .filter((k) => !same(b[k], a[k]))
      .map((k) => ({ field: k, before: b[k], after: a[k] }));
  }

  private value(v: unknown) {
    if (v === undefined || v === null || v === '') return at(this.i18n, 'empty');
    if (typeof v === 'string') return html`<bdi>${v}</bdi>`;
    if (typeof v === 'number') return this.i18n.num(v);
    if (typeof v === 'boolean') return String(v);
    return html`<pre dir="ltr">${JSON.stringify(v, null, 1)}</pre>`;
  }
}
