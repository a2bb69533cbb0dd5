import { html, LitElement, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import { intlLocale, plural } from '../shared/plural.js';
import { ApiError, postComment, randomKey, type PostBody, type Posted } from './api.js';
import { formStrings, type FormStrings } from './i18n/form.js';
import { bdi, fill, fillText, type Strings } from './i18n/index.js';
import { styles } from './majlis-comment-form.styles.js';
import { forgetAuthor, saveAuthor } from './storage.js';
import type { CommentDraft } from './types.js';

export type FormDraft = CommentDraft & { remember: boolean; notifyReplies?: boolean };
type Field = keyof CommentDraft;
const FIELDS: Field[] = ['content', 'name', 'email', 'url'];
/** The server's field limits (server/validation/comment-input.ts): the name in characters, email and url in UTF-16 units. */
const FIELD_MAX = { name: 245, email: 100, url: 200 } as const;

/** Length as the server counts comment text: code points, after NFC and trimming (an emoji is one). */
export const countChars = (text: string): number => [...text.replace(/\r\n?/g, '\n').normalize('NFC').trim()].length;

/**
 * The comment form, in WordPress's order: heading, notes, comment, name, email,
 * website, remember-me, submit. Used inside <majlis-comments>, which owns the
 * draft (so text survives moving the form under another comment) and the form token.
 *
 * @fires posted - (internal, not composed) `detail`: the server's answer with the edit token
 * @fires cancel - (internal) the reader cancelled the reply
 * @fires majlis-error - `detail: { code, status, message }` when sending failed
 * @csspart form, heading, field, input, submit, notice
 */
export class MajlisCommentForm extends LitElement {
  static override styles = styles;
  static override properties = {
    site: { attribute: false },
    page: { attribute: false },
    locale: { attribute: false },
    s: { attribute: false },
    parent: { attribute: false },
    draft: { attribute: false },
    token: { attribute: false },
    focusOnOpen: { attribute: false },
    offerReplies: { attribute: false },
    limits: { attribute: false },
    length: { state: true },
    busy: { state: true },
    errors: { state: true },
    message: { state: true },
  };

  site = '';
  page = '';
  locale = 'ar';
  s!: Strings;
  parent: { id: string; name: string } | null = null;
  draft: FormDraft = { content: '', name: '', email: '', url: '', remember: false };
  token = '';
  /** Focus the comment box when the form appears (after Reply or Cancel reply). */
  focusOnOpen = false;
  /** [notify] show «أعلمني بالردود…» (the server says the site mails readers) */
  offerReplies = false;
  /** The site's content limits, from the thread answer. */
  limits = { minLength: 1, maxLength: 5000 };
  /** Characters typed, counted as the server counts them. */
  length = 0;
  busy = false;
  errors: Partial<Record<Field, string>> = {};
  message = '';
  /** Reused while the body is unchanged, so a retry after a lost answer posts once. */
  private attempt = { body: '', key: '' };

  /** The widget's words with the form's own (which ship in this chunk). */
  private get t(): Strings & FormStrings {
    return { ...this.s, ...formStrings(this.locale) };
  }

  protected override firstUpdated(): void {
    if (this.focusOnOpen) this.renderRoot.querySelector('textarea')?.focus();
  }

  protected override willUpdate(): void {
    this.length = countChars(this.draft.content);
  }

  /** "20 characters left" near the limit, the error past it; nothing far from it. Never cuts what was typed. */
  private counter() {
    const max = this.limits.maxLength;
    const left = max - this.length;
    if (left < 0 || left > Math.max(20, Math.ceil(max / 10))) return nothing;
    return html`<span class="counter" id="counter">${plural(this.locale, left, this.t.remaining)}</span>`;
  }

  /** The content error while typing: only "too long" is shown before sending. */
  private lengthError(): string | undefined {
    const over = this.length - this.limits.maxLength;
    return over > 0 ? plural(this.locale, over, this.t.overBy) : undefined;
  }

  protected override render() {
    const { parent, errors } = this;
    const s = this.t;
    const star = html`<span class="req" aria-hidden="true">*</span>`;
    const contentError = errors.content ?? this.lengthError();
    const counter = this.counter();
    return html`<form part="form" novalidate @submit=${this.submit} aria-labelledby="title">
      <h3 part="heading" id="title">
        ${parent ? fill(s.leaveReply, { name: bdi(parent.name) }) : s.leave}
        ${parent
          ? html`<button type="button" class="cancel" @click=${() => this.dispatchEvent(new Event('cancel'))}>${s.cancelReply}</button>`
          : nothing}
      </h3>
      <p class="notes"><span id="email-notes">${s.emailNote}</span> ${fill(s.requiredNote, { star: html`<span class="req">*</span>` })}</p>
      <p part="field" class="field">
        <label for="content">${s.content} ${star}</label>
        <textarea part="input" id="content" name="content" rows="6" required dir="auto"
          .value=${live(this.draft.content)} @input=${this.edit} aria-invalid=${contentError ? 'true' : nothing}
          aria-describedby=${[contentError ? 'e-content' : '', counter === nothing ? '' : 'counter'].join(' ').trim() || nothing}></textarea>
        ${counter}
        ${contentError ? html`<span class="err" id="e-content">${contentError}</span>` : nothing}
      </p>
      ${this.input('name', 'text', 'name', true)} ${this.input('email', 'email', 'email', true, 'email-notes')}
      ${this.input('url', 'url', 'url', false)}
      <p part="field" class="field check">
        <input id="remember" type="checkbox" .checked=${live(this.draft.remember)} @change=${this.consent} />
        <label for="remember">${s.remember}</label>
      </p>
      ${this.offerReplies
        ? html`<p part="field" class="field check">
            <input id="notify" type="checkbox" .checked=${live(!!this.draft.notifyReplies)} @change=${(e: Event) => (this.draft.notifyReplies = (e.target as HTMLInputElement).checked)} />
            <label for="notify">${s.notifyReplies}</label>
          </p>`
        : nothing}
      <div class="hp" aria-hidden="true">
        <label>${s.honeypot} <input id="hp" name="fax" type="text" tabindex="-1" autocomplete="off" /></label>
      </div>
      ${this.message ? html`<p part="notice" class="msg" role="alert">${this.message}</p>` : nothing}
      <p class="actions"><button part="submit" type="submit" aria-disabled=${this.busy ? 'true' : 'false'}>${this.busy ? s.sending : s.submit}</button></p>
    </form>`;
  }

  private input(key: Field, type: string, autocomplete: string, required: boolean, note?: string) {
    const err = this.errors[key];
    const describedBy = [err ? `e-${key}` : '', note ?? ''].join(' ').trim();
    return html`<p part="field" class="field">
      <label for=${key}>${this.t[key]}${required ? html` <span class="req" aria-hidden="true">*</span>` : nothing}</label>
      <input part="input" id=${key} name=${key} type=${type} autocomplete=${autocomplete} ?required=${required}
        pattern=${key === 'url' ? '[hH][tT][tT][pP][sS]?://.+' : nothing}
        dir=${key === 'name' ? 'auto' : 'ltr'} .value=${live(this.draft[key])} @input=${this.edit}
        aria-invalid=${err ? 'true' : nothing} aria-describedby=${describedBy || nothing} />
      ${this.error(key)}
    </p>`;
  }

  private error(key: Field) {
    const err = this.errors[key];
    return err ? html`<span class="err" id=${`e-${key}`}>${err}</span>` : nothing;
  }

  private edit(e: Event): void {
    const el = e.target as HTMLInputElement;
    const key = el.id as Field;
    this.draft[key] = el.value;
    if (key === 'content') this.length = countChars(el.value);
    if (this.errors[key]) this.errors = { ...this.errors, [key]: undefined };
  }

  private consent(e: Event): void {
    this.draft.remember = (e.target as HTMLInputElement).checked;
    // Unticking forgets at once, not only at the next comment.
    if (!this.draft.remember) forgetAuthor();
  }

  /** Native constraint validation, reported inline in the widget's language rather than as browser bubbles. */
  private validate(): Partial<Record<Field, string>> {
    const errors: Partial<Record<Field, string>> = {};
    for (const key of FIELDS) {
      const el = this.renderRoot.querySelector<HTMLInputElement>(`#${key}`);
      if (!el) continue;
      if (!el.checkValidity()) {
        errors[key] = el.validity.valueMissing ? this.t.required[key as 'name'] : key === 'email' ? this.t.badEmail : this.t.badUrl;
      } else if (key !== 'content' && (key === 'name' ? [...el.value.trim()].length : el.value.trim().length) > FIELD_MAX[key]) {
        errors[key] = plural(this.locale, FIELD_MAX[key], this.t.tooLong);
      }
    }
    // The content's length as the server judges it (its limits come with the thread).
    const n = countChars(this.draft.content);
    if (!errors.content && n > 0 && n < this.limits.minLength) errors.content = plural(this.locale, this.limits.minLength, this.t.tooShort);
    if (!errors.content && n > this.limits.maxLength) errors.content = this.lengthError();
    return errors;
  }

  private async showErrors(errors: Partial<Record<Field, string>>): Promise<void> {
    this.errors = errors;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }

  private async submit(e: Event): Promise<void> {
    e.preventDefault();
    if (this.busy) return;
    this.message = '';
    const invalid = this.validate();
    if (Object.keys(invalid).length) return this.showErrors(invalid);
    this.errors = {};
    const d = this.draft;
    const body: PostBody = {
      site: this.site,
      page: this.page,
      name: d.name,
      email: d.email,
      content: d.content,
      honeypot: this.renderRoot.querySelector<HTMLInputElement>('#hp')?.value ?? '',
      pageTitle: document.title || undefined,
      pageUrl: location.protocol.startsWith('http') ? location.origin + location.pathname : undefined,
      ...(d.url ? { url: d.url } : {}),
      ...(this.parent ? { parentId: this.parent.id } : {}),
      ...(this.token ? { formToken: this.token } : {}),
      ...(this.offerReplies && d.notifyReplies ? { notifyReplies: true } : {}),
    };
    const json = JSON.stringify(body);
    if (json !== this.attempt.body) this.attempt = { body: json, key: randomKey() };
    this.busy = true;
    try {
      const posted = await postComment(body, this.locale, this.attempt.key);
      if (d.remember) saveAuthor({ name: d.name, email: d.email, url: d.url });
      else forgetAuthor();
      d.content = '';
      this.attempt = { body: '', key: '' };
      this.dispatchEvent(new CustomEvent<Posted>('posted', { detail: posted }));
    } catch (err) {
      await this.failed(err instanceof ApiError ? err : new ApiError(0, 'network', ''));
    } finally {
      this.busy = false;
    }
  }

  private async failed(err: ApiError): Promise<void> {
    const s = this.t;
    const fields = Object.fromEntries(Object.entries(err.fields).filter(([k]) => (FIELDS as string[]).includes(k)));
    this.message =
      err.status === 0
        ? s.network
        : err.status === 429 && err.retryAfter
          ? fillText(s.rateLimited, {
              when: new Intl.RelativeTimeFormat(intlLocale(this.locale), { numeric: 'auto' }).format(err.retryAfter, 'second'),
            })
          : err.message || s.failed;
    this.dispatchEvent(
      new CustomEvent('majlis-error', { bubbles: true, composed: true, detail: { code: err.code, status: err.status, message: this.message } }),
    );
    if (Object.keys(fields).length) await this.showErrors(fields);
  }
}
