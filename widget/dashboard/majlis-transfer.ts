import { html, LitElement, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { tt } from './i18n/transfer.js';
import type { I18n } from './i18n/i18n.js';
import { styles } from './majlis-transfer.styles.js';
import { shared } from './shared.styles.js';
import type { StatusCounts } from './types.js';
import { HEAD_MAX, looksOf, mismatchOf } from '../../server/shared/import-sniff.js';

type Format = 'wordpress' | 'disqus' | 'json';
const FORMATS: readonly Format[] = ['wordpress', 'disqus', 'json'];

/** A repair or an error; `detail` is a parser's own message, in English whatever the language. */
interface Note {
  /** null when no line applies (a file of another format, an export without <channel>) */
  line: number | null;
  what: string;
  detail?: string;
}

/** The server's import summary (POST /api/moderation/sites/:id/imports). */
interface ImportSummary {
  imported: number;
  skipped: number;
  pages: number;
  byStatus: StatusCounts;
  orphans: number;
  repaired: Note[];
  errors: Note[];
}

type Outcome = { kind: 'summary'; dryRun: boolean; ok: boolean; summary: ImportSummary } | { kind: 'error'; message: string };

/**
 * The admins' import/export view for one site: pick an export file (WordPress,
 * Disqus or Majlis), check it with a dry run, import it with upload progress,
 * read the summary (repairs and errors with their lines); download the site's
 * comments as Majlis JSON or WXR.
 *
 * @property site - the site id
 * @property i18n - strings for the current language
 * @fires majlis-imported - `{ imported }` after a real import wrote comments
 */
export class MajlisTransfer extends LitElement {
  static override styles = [shared, styles];

  @property() site = '';
  @property({ attribute: false }) i18n!: I18n;

  @state() private format: Format = 'wordpress';
  @state() private busy = false;
  @state() private progress: number | null = null;
  @state() private outcome: Outcome | null = null;
  @state() private fileError = '';

  override render() {
    const i = this.i18n;
    const base = `/api/moderation/sites/${encodeURIComponent(this.site)}/export`;
    return html`<h2>${tt(i, 'title')}</h2>
      <section aria-labelledby="import-title">
        <h3 id="import-title">${tt(i, 'importTitle')}</h3>
        <p class="intro">${tt(i, 'importIntro')}</p>
        <div class="field">
          <label for="format">${tt(i, 'format')}</label>
          <select id="format" .value=${this.format} @change=${(e: Event) => { this.format = (e.target as HTMLSelectElement).value as Format; this.fileError = ''; }}>
            ${FORMATS.map((f) => html`<option value=${f} ?selected=${f === this.format}>${tt(i, `format_${f}`)}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="file">${tt(i, 'file')}</label>
          <p class="hint" id="file-hint">${tt(i, 'fileHint')}</p>
          <input
            type="file"
            id="file"
            accept=${this.format === 'json' ? '.json,application/json' : '.xml,text/xml,application/xml'}
            aria-describedby=${this.fileError ? 'file-hint file-error' : 'file-hint'}
            aria-invalid=${this.fileError ? 'true' : 'false'}
            @change=${() => (this.fileError = '')}
          />
          ${this.fileError ? html`<p class="error" id="file-error">${this.fileError}</p>` : nothing}
        </div>
        ${this.format === 'wordpress'
          ? html`<div class="check"><input type="checkbox" id="pings" /><label for="pings">${tt(i, 'withPings')}</label></div>`
          : nothing}
        <div class="actions">
          <button type="button" ?disabled=${this.busy} @click=${() => void this.send(true)}>${tt(i, 'dryRun')}</button>
          <button type="button" class="primary" ?disabled=${this.busy} @click=${() => void this.send(false)}>${tt(i, 'import')}</button>
        </div>
        ${this.busy
          ? html`<progress aria-label=${tt(i, 'progressLabel')} max="100" value=${this.progress ?? nothing}></progress>`
          : nothing}
        <div role="status" aria-live="polite">${this.renderStatus()}</div>
        ${this.renderOutcome()}
      </section>
      <section aria-labelledby="export-title">
        <h3 id="export-title">${tt(i, 'exportTitle')}</h3>
        <p class="intro">${tt(i, 'exportIntro')}</p>
        <div class="actions">
          <a class="download" href="${base}?format=json" download>${tt(i, 'exportJson')}</a>
          <a class="download" href="${base}?format=wxr" download>${tt(i, 'exportWxr')}</a>
        </div>
      </section>`;
  }

  private renderStatus() {
    const i = this.i18n;
    if (this.busy) return this.progress === null || this.progress >= 100 ? tt(i, 'processing') : tt(i, 'uploading', { percent: this.progress });
    const o = this.outcome;
    if (!o) return '';
    if (o.kind === 'error') return o.message;
    if (!o.ok) return tt(i, 'failed');
    return o.dryRun ? tt(i, 'dryRunDone') : tt(i, 'importDone');
  }

  private renderOutcome() {
    const o = this.outcome;
    if (!o || o.kind !== 'summary') return nothing;
    const i = this.i18n;
    const s = o.summary;
    const row = (label: string, n: number) => html`<dt>${label}</dt><dd>${i.num(n)}</dd>`;
    const lines = (title: string, list: ImportSummary['errors'], cls: string) =>
      list.length
        ? html`<h4>${title}</h4>
            <ul class=${cls}>
              ${list.map(
                (r) =>
                  html`<li>
                    ${r.line ? html`${tt(i, 'line', { line: r.line })}: ` : nothing}<bdi>${r.what}</bdi>
                    ${r.detail ? html`<span class="detail">${tt(i, 'parserDetail')} <code dir="ltr" lang="en">${r.detail}</code></span>` : nothing}
                  </li>`,
              )}
            </ul>`
        : nothing;
    return html`${o.ok
        ? html`<dl aria-label=${tt(i, 'summaryLabel')}>
            ${row(o.dryRun ? tt(i, 'importedDry') : tt(i, 'imported'), s.imported)}
            ${row(tt(i, 'status_approved'), s.byStatus.approved)} ${row(tt(i, 'status_pending'), s.byStatus.pending)}
            ${row(tt(i, 'status_spam'), s.byStatus.spam)} ${row(tt(i, 'status_trash'), s.byStatus.trash)}
            ${row(tt(i, 'pages'), s.pages)} ${row(tt(i, 'skipped'), s.skipped)} ${row(tt(i, 'orphans'), s.orphans)}
          </dl>`
        : nothing}
      ${lines(tt(i, 'repaired'), s.repaired, 'repaired')} ${lines(tt(i, 'errors'), s.errors, 'error')}`;
  }

  /**
   * Uploads the file with XMLHttpRequest, the one browser API that reports upload progress;
   * first reads its head, so a file of another format than the one chosen is named at once,
   * by what it looks like and which type to choose, instead of after a long upload (the server
   * says the same, server/import/sniff.ts).
   */
  private async send(dryRun: boolean) {
    const input = this.renderRoot.querySelector<HTMLInputElement>('#file');
    const file = input?.files?.[0];
    if (!file) {
      this.fileError = tt(this.i18n, 'noFile');
      input?.focus();
      return;
    }
    const looks = looksOf(await file.slice(0, HEAD_MAX * 3).text(), file.size <= HEAD_MAX * 3);
    const wrong = looks && mismatchOf(this.format, looks);
    if (wrong) {
      this.outcome = null;
      this.fileError = tt(this.i18n, wrong.key, wrong.params);
      input?.focus();
      return;
    }
    const pings = this.renderRoot.querySelector<HTMLInputElement>('#pings')?.checked ?? false;
    const params = new URLSearchParams({ format: this.format });
    if (dryRun) params.set('dryRun', 'true');
    if (pings && this.format === 'wordpress') params.set('withPings', 'true');
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/moderation/sites/${encodeURIComponent(this.site)}/imports?${params}`);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', this.i18n.lang);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) this.progress = Math.round((e.loaded / e.total) * 100);
    };
    xhr.onload = () => {
      this.busy = false;
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(xhr.responseText) as Record<string, unknown>;
      } catch {
        // not JSON: reported below with the status
      }
      if ((xhr.status === 200 || xhr.status === 422) && typeof body.imported === 'number') {
        const summary = body as unknown as ImportSummary;
        this.outcome = { kind: 'summary', dryRun, ok: xhr.status === 200, summary };
        if (!dryRun && summary.imported > 0) {
          this.dispatchEvent(new CustomEvent('majlis-imported', { detail: { imported: summary.imported }, bubbles: true, composed: true }));
        }
      } else {
        this.outcome = { kind: 'error', message: typeof body.message === 'string' ? body.message : `HTTP ${xhr.status}` };
      }
    };
    xhr.onerror = () => {
      this.busy = false;
      this.outcome = { kind: 'error', message: tt(this.i18n, 'network') };
    };
    this.busy = true;
    this.progress = 0;
    this.outcome = null;
    xhr.send(file);
  }
}
