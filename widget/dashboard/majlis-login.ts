import { html, LitElement, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ApiError, type Api } from './api.js';
import type { I18n } from './i18n/i18n.js';
import { styles } from './majlis-login.styles.js';
import { shared } from './shared.styles.js';
import type { Me } from './types.js';

type Field = 'email' | 'password';

/**
 * The moderator sign-in form. Field errors (ours from constraint validation,
 * or the server's) are linked to their inputs; the server's message for a
 * refused sign-in is shown as an alert.
 *
 * @property api - the JSON client
 * @property i18n - strings for the current language
 * @fires majlis-login - `{ moderator }` after a successful sign-in (bubbles, composed)
 */
export class MajlisLogin extends LitElement {
  static override styles = [shared, styles];

  @property({ attribute: false }) api!: Api;
  @property({ attribute: false }) i18n!: I18n;

  @state() private errors: Partial<Record<Field, string>> = {};
  @state() private message = '';
  @state() private busy = false;

  override render() {
    const t = this.i18n;
    return html`<form novalidate @submit=${this.onSubmit} aria-labelledby="title">
      <h1 id="title">${t.t('loginTitle')}</h1>
      <p class="intro">${t.t('loginIntro')}</p>
      ${this.field('email', 'email', 'username')} ${this.field('password', 'password', 'current-password')}
      <p class="error message" role="alert">${this.message}</p>
      <button class="primary" type="submit" ?disabled=${this.busy}>${this.busy ? t.t('signingIn') : t.t('signIn')}</button>
    </form>`;
  }

  private field(name: Field, type: string, autocomplete: string) {
    const error = this.errors[name];
    return html`<div class="field">
      <label for=${name}>${this.i18n.t(name)}</label>
      <input
        id=${name}
        name=${name}
        type=${type}
        dir="ltr"
        autocomplete=${autocomplete}
        required
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${error ? `${name}-error` : nothing}
      />
      ${error ? html`<p class="error" id="${name}-error">${error}</p>` : nothing}
    </div>`;
  }

  private async onSubmit(e: SubmitEvent) {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const email = form.elements.namedItem('email') as HTMLInputElement;
    const password = form.elements.namedItem('password') as HTMLInputElement;
    const t = this.i18n;
    const errors: Partial<Record<Field, string>> = {};
    if (email.validity.valueMissing) errors.email = t.t('fieldRequired');
    else if (email.validity.typeMismatch) errors.email = t.t('emailInvalid');
    if (password.validity.valueMissing) errors.password = t.t('fieldRequired');
    this.errors = errors;
    this.message = '';
    if (errors.email || errors.password) {
      await this.updateComplete;
      (errors.email ? email : password).focus();
      return;
    }
    this.busy = true;
    try {
      const res = await this.api.send<{ moderator: Me }>('POST', '/api/auth/login', { email: email.value, password: password.value });
      this.dispatchEvent(new CustomEvent('majlis-login', { detail: { moderator: res.moderator }, bubbles: true, composed: true }));
    } catch (err) {
      const fields = err instanceof ApiError ? err.fields : {};
      this.errors = { email: fields.email, password: fields.password };
      this.message = (err as Error).message;
      password.select();
    } finally {
      this.busy = false;
    }
  }
}
