import { html, LitElement, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ApiError, type Api } from '../api.js';
import type { I18n } from '../i18n/i18n.js';
import { shared } from '../shared.styles.js';
import { adminStyles } from './admin.styles.js';
import { at } from './strings.js';

type Mode = 'anonymize' | 'delete';
interface Erased {
  comments: number;
  rules: number;
  subscriptions: number;
  outbox?: number;
  watches?: number;
  mode: Mode;
}

/**
 * Privacy requests (admins): export everything stored about an email as a JSON download
 * (GET /api/moderation/privacy/export), or erase it (POST /api/moderation/privacy/erase,
 * anonymise or delete) after a confirm dialog, then show the counts the server reports.
 *
 * @property api - the JSON client
 * @property i18n - strings for the current language
 */
export class MajlisAdminPrivacy extends LitElement {
  static override styles = [shared, adminStyles];

  @property({ attribute: false }) api!: Api;
  @property({ attribute: false }) i18n!: I18n;

  @state() private mode: Mode = 'anonymize';
  @state() private error = '';
  @state() private message = '';
  @state() private erased: Erased | null = null;
  @state() private asking = '';

  override render() {
    const i = this.i18n;
    return html`<section aria-labelledby="privacy-title">
      <h3 id="privacy-title">${at(i, 'privacyTitle')}</h3>
      <p class="intro">${at(i, 'privacyIntro')}</p>
      <div class="field">
        <label for="p-email">${at(i, 'privacyEmail')}</label>
        <input id="p-email" type="email" dir="ltr" autocomplete="off" aria-invalid=${this.error ? 'true' : 'false'} aria-describedby=${this.error ? 'p-error' : nothing} @input=${() => (this.error = '')} />
        ${this.error ? html`<p class="error" id="p-error">${this.error}</p>` : nothing}
      </div>
      <div class="actions"><button type="button" @click=${this.exportData}>${at(i, 'export')}</button></div>
      <fieldset>
        <legend>${at(i, 'mode')}</legend>
        ${(['anonymize', 'delete'] as const).map(
          (m) => html`<div class="check">
            <input type="radio" id="p-mode-${m}" name="mode" value=${m} .checked=${this.mode === m} @change=${() => (this.mode = m)} />
            <label for="p-mode-${m}">${at(i, `mode_${m}`)}</label>
          </div>`,
        )}
      </fieldset>
      <div class="actions"><button type="button" class="primary" @click=${this.askErase}>${at(i, 'erase')}</button></div>
      <div role="status" aria-live="polite">
        <p class="status">${this.message}</p>
        ${this.erased ? this.renderCounts(this.erased) : nothing}
      </div>
      <dialog aria-labelledby="erase-q" @close=${() => (this.asking = '')}>
        ${this.asking
          ? html`<p id="erase-q">${at(i, this.mode === 'delete' ? 'eraseConfirm_delete' : 'eraseConfirm_anonymize', { email: this.asking })}</p>
              <div class="actions">
                <button type="button" class="primary" @click=${this.erase}>${at(i, 'confirm')}</button>
                <button type="button" @click=${() => this.renderRoot.querySelector('dialog')?.close()}>${at(i, 'cancel')}</button>
              </div>`
          : nothing}
      </dialog>
    </section>`;
  }

  private renderCounts(e: Erased) {
    const i = this.i18n;
    const row = (key: Parameters<typeof at>[1], n: number | undefined) => (n === undefined ? nothing : html`<dt>${at(i, key)}</dt><dd>${i.num(n)}</dd>`);
    return html`<p class="status">${at(i, 'erased')}</p>
      <dl class="counts">
        ${row('erasedComments', e.comments)} ${row('erasedRules', e.rules)} ${row('erasedSubscriptions', e.subscriptions)}
        ${row('erasedOutbox', e.outbox)} ${row('erasedWatches', e.watches)}
      </dl>`;
  }

  /** The email typed, checked by the browser's own rule; null (and the error shown) when unusable. */
  private email(): string | null {
    const input = this.renderRoot.querySelector<HTMLInputElement>('#p-email')!;
    const v = input.value.trim();
    if (!v || !input.checkValidity()) {
      this.error = this.i18n.t(v ? 'emailInvalid' : 'fieldRequired');
      input.focus();
      return null;
    }
    return v;
  }

  private async exportData() {
    const email = this.email();
    if (!email) return;
    this.erased = null;
    try {
      const data = await this.api.get<{ comments: unknown[] }>(`/api/moderation/privacy/export?email=${encodeURIComponent(email)}`);
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `majlis-personal-data-${email.replace(/[^a-z0-9._-]+/gi, '_')}.json`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      this.message = at(this.i18n, 'exported', { count: data.comments.length });
    } catch (e) {
      this.fail(e);
    }
  }

  private askErase() {
    const email = this.email();
    if (!email) return;
    this.asking = email;
    void this.updateComplete.then(() => this.renderRoot.querySelector('dialog')?.showModal());
  }

  private async erase() {
    const email = this.asking;
    this.renderRoot.querySelector('dialog')?.close();
    try {
      this.erased = await this.api.send<Erased>('POST', '/api/moderation/privacy/erase', { email, mode: this.mode });
      this.message = '';
    } catch (e) {
      this.fail(e);
    }
  }

  private fail(e: unknown) {
    if (e instanceof ApiError && e.fields.email) this.error = e.fields.email;
    else this.message = (e as Error).message;
  }
}
