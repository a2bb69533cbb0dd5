import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { ApiError, type Api } from './api.js';
import type { I18n, Key } from './i18n/i18n.js';
import { styles } from './majlis-settings.styles.js';
import { GROUPS, readRaw, readSettings, type FieldSpec, type RawValues } from './settings-fields.js';
import { shared } from './shared.styles.js';
import type { SiteSettings, SiteView } from './types.js';

/**
 * The admins' settings view for one site: every moderation setting, saved
 * with PATCH (the server's validation errors shown next to their fields), and
 * closing or reopening a single page's thread by hand.
 *
 * @property site - the site id
 * @property api - the JSON client
 * @property i18n - strings for the current language
 */
export class MajlisSettings extends LitElement {
  static override styles = [shared, styles];

  @property() site = '';
  @property({ attribute: false }) api!: Api;
  @property({ attribute: false }) i18n!: I18n;

  @state() private settings: SiteSettings | null = null;
  @state() private errors: Record<string, string> = {};
  @state() private message: { text: string; error: boolean } | null = null;
  @state() private saving = false;
  @state() private threadMessage: { text: string; error: boolean } | null = null;
  /** What the admin typed, kept after a failed save so nothing reverts under the errors. */
  @state() private draft: RawValues | null = null;
  @state() private pageError = '';

  override willUpdate(changed: PropertyValues): void {
    if (changed.has('site') && this.site) void this.load();
  }

  private async load() {
    const site = this.site;
    this.settings = null;
    this.message = null;
    this.draft = null;
    this.errors = {};
    try {
      const res = await this.api.get<{ site: SiteView }>(`/api/moderation/sites/${encodeURIComponent(site)}`);
      if (site !== this.site) return;
      this.settings = res.site.settings;
    } catch (e) {
      this.message = { text: (e as Error).message, error: true };
    }
  }

  override render() {
    const t = this.i18n;
    return html`<h2>${t.t('settingsTitle', { site: this.site })}</h2>
      ${this.settings ? this.renderForm(this.settings) : this.message ? nothing : html`<p>${t.t('loading')}</p>`}
      ${this.message && !this.settings ? html`<p class="error" role="alert">${this.message.text}</p>` : nothing} ${this.renderThread()}`;
  }

  private renderForm(s: SiteSettings) {
    const t = this.i18n;
    return html`<form class="settings" novalidate @submit=${this.onSave}>
      ${GROUPS.map(
        (g) => html`<fieldset>
          <legend>${t.t(g.title)}</legend>
          ${g.fields.map((f) => this.renderField(f, s))}
        </fieldset>`,
      )}
      <div class="footer">
        <button class="primary" type="submit" ?disabled=${this.saving}>${this.saving ? t.t('saving') : t.t('save')}</button>
        <p class=${this.message?.error ? 'error' : 'ok'} role=${this.message?.error ? 'alert' : 'status'}>${this.message?.text ?? ''}</p>
      </div>
    </form>`;
  }

  private renderField(f: FieldSpec, s: SiteSettings) {
    const t = this.i18n;
    const id = `set-${f.name}`;
    const error = this.errors[f.name];
    const hintId = f.kind === 'list' ? `${id}-hint` : '';
    const described = [hintId, error ? `${id}-error` : ''].filter(Boolean).join(' ') || nothing;
    const label = t.t(`set_${f.name}` as Key);
    const err = error ? html`<p class="error" id="${id}-error">${error}</p>` : nothing;
    const typed = this.draft?.[f.name];
    if (f.kind === 'bool') {
      return html`<div class="field check">
        <input type="checkbox" id=${id} name=${f.name} .checked=${live(typeof typed === 'boolean' ? typed : (s[f.name] as boolean))}
          aria-describedby=${described} />
        <label for=${id}>${label}</label>${err}
      </div>`;
    }
    if (f.kind === 'int') {
      // A text field in the locale's digits (a number field would show Latin ones); the server judges the range.
      return html`<div class="field">
        <label for=${id}>${label}</label>
        <input
          type="text"
          id=${id}
          name=${f.name}
          inputmode="numeric"
          autocomplete="off"
          dir=${t.dir}
          .value=${live(typeof typed === 'string' ? typed : t.field(s[f.name] as number))}
          aria-invalid=${error ? 'true' : 'false'}
          aria-describedby=${described}
        />${err}
      </div>`;
    }
    return html`<div class="field">
      <label for=${id}>${label}</label>
      <p class="hint" id=${hintId}>${t.t(f.hint)}</p>
      <textarea id=${id} name=${f.name} rows="5" dir="auto" aria-invalid=${error ? 'true' : 'false'} aria-describedby=${described}
        .value=${live(typeof typed === 'string' ? typed : (s[f.name] as string[]).join('\n'))}></textarea>
      ${err}
    </div>`;
  }

  private renderThread() {
    const t = this.i18n;
    const m = this.threadMessage;
    const err = this.pageError;
    return html`<form class="thread" novalidate @submit=${this.onThread}>
      <h3>${t.t('threadTitle')}</h3>
      <div class="field">
        <label for="page-key">${t.t('pageKey')}</label>
        <p class="hint" id="page-key-hint">${t.t('pageKeyHint')}</p>
        <input id="page-key" name="page" dir="ltr" required aria-invalid=${err ? 'true' : 'false'}
          aria-describedby=${err ? 'page-key-hint page-key-error' : 'page-key-hint'} @input=${() => (this.pageError = '')} />
        ${err ? html`<p class="error" id="page-key-error">${err}</p>` : nothing}
      </div>
      <div class="buttons">
        <button type="submit" value="close">${t.t('closeThread')}</button>
        <button type="submit" value="open">${t.t('openThread')}</button>
      </div>
      <p class=${m?.error ? 'error' : 'ok'} role=${m?.error ? 'alert' : 'status'}>${m?.text ?? ''}</p>
    </form>`;
  }

  private async onSave(e: SubmitEvent) {
    e.preventDefault();
    const t = this.i18n;
    const form = e.currentTarget as HTMLFormElement;
    this.saving = true;
    this.errors = {};
    this.message = null;
    // Kept while saving and after a failure: the fields show what was typed, never the old values.
    this.draft = readRaw(form);
    try {
      const res = await this.api.send<{ site: SiteView }>('PATCH', `/api/moderation/sites/${encodeURIComponent(this.site)}`, {
        settings: readSettings(form),
      });
      this.settings = res.site.settings;
      this.draft = null;
      this.message = { text: t.t('saved'), error: false };
    } catch (err) {
      this.errors = err instanceof ApiError ? err.fields : {};
      this.message = { text: t.t('saveFailed', { message: (err as Error).message }), error: true };
      await this.updateComplete;
      const first = Object.keys(this.errors)[0];
      if (first) this.renderRoot.querySelector<HTMLElement>(`#set-${CSS.escape(first)}`)?.focus();
    } finally {
      this.saving = false;
    }
  }

  private async onThread(e: SubmitEvent) {
    e.preventDefault();
    const t = this.i18n;
    const form = e.currentTarget as HTMLFormElement;
    const input = form.elements.namedItem('page') as HTMLInputElement;
    const page = input.value.trim();
    this.threadMessage = null;
    // Checked here, in the dashboard's language, like every other form (the server's limit is 500).
    this.pageError = !page ? t.t('pageKeyRequired') : page.length > 500 ? t.t('pageKeyTooLong', { count: 500 }) : '';
    if (this.pageError) {
      input.focus();
      return;
    }
    const closed = (e.submitter as HTMLButtonElement | null)?.value !== 'open';
    try {
      const res = await this.api.send<{ page: { page: string; closed: boolean } }>('POST', '/api/moderation/pages', { site: this.site, page, closed });
      this.threadMessage = { text: t.t(res.page.closed ? 'threadClosed' : 'threadOpened', { page: res.page.page }), error: false };
    } catch (err) {
      this.threadMessage = { text: (err as Error).message, error: true };
    }
  }
}
