import { html, LitElement, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ApiError, type Api } from '../api.js';
import type { I18n } from '../i18n/i18n.js';
import { shared } from '../shared.styles.js';
import type { Me, SiteView } from '../types.js';
import { adminStyles } from './admin.styles.js';
import { at } from './strings.js';

/** A moderator as GET /api/moderation/moderators lists them. */
export interface ModeratorView {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'moderator';
  sites: string[];
  createdAt: number | string;
}

/**
 * The admins' moderators section: the list, one form to add or edit (name, email, role,
 * all or chosen sites, a new password), and removal after a confirm dialog. A change that
 * ends the moderator's sessions (role, sites, email, password; removal) says so politely.
 *
 * @property api - the JSON client
 * @property i18n - strings for the current language
 * @property me - the signed-in admin
 * @property sites - every site (for the chosen-sites boxes)
 */
export class MajlisAdminModerators extends LitElement {
  static override styles = [shared, adminStyles];

  @property({ attribute: false }) api!: Api;
  @property({ attribute: false }) i18n!: I18n;
  @property({ attribute: false }) me!: Me;
  @property({ attribute: false }) sites: SiteView[] = [];

  @state() private list: ModeratorView[] = [];
  /** null: adding; else the moderator being edited */
  @state() private editing: ModeratorView | null = null;
  @state() private allSites = true;
  @state() private errors: Record<string, string> = {};
  @state() private message = '';
  @state() private busy = false;
  @state() private removing: ModeratorView | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load() {
    try {
      this.list = (await this.api.get<{ moderators: ModeratorView[] }>('/api/moderation/moderators')).moderators;
    } catch (e) {
      this.message = (e as Error).message;
    }
  }

  override render() {
    const i = this.i18n;
    return html`<section aria-labelledby="mods-title">
      <h3 id="mods-title">${at(i, 'modsTitle')}</h3>
      <p class="intro">${at(i, 'modsIntro')}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">${at(i, 'colName')}</th>
            <th scope="col">${at(i, 'colEmail')}</th>
            <th scope="col">${at(i, 'colRole')}</th>
            <th scope="col">${at(i, 'colSites')}</th>
            <th scope="col">${at(i, 'colActions')}</th>
          </tr>
        </thead>
        <tbody>
          ${this.list.map(
            (m) => html`<tr data-email=${m.email}>
              <td><bdi>${m.name}</bdi> ${m.id === this.me.id ? at(i, 'you') : nothing}</td>
              <td><bdi>${m.email}</bdi></td>
              <td>${at(i, m.role === 'admin' ? 'role_admin' : 'role_moderator')}</td>
              <td>${m.role === 'admin' || m.sites.includes('*') ? at(i, 'allSites') : m.sites.map((s, n) => html`${n ? '، ' : ''}<bdi>${s}</bdi>`)}</td>
              <td class="actions">
                <button type="button" aria-label=${at(i, 'editOf', { name: m.name })} @click=${() => this.startEdit(m)}>${at(i, 'edit')}</button>
                ${m.id === this.me.id
                  ? nothing
                  : html`<button type="button" aria-label=${at(i, 'removeOf', { name: m.name })} @click=${() => this.askRemove(m)}>${at(i, 'remove')}</button>`}
              </td>
            </tr>`,
          )}
        </tbody>
      </table>
      <p class="status" role="status" aria-live="polite">${this.message}</p>
      ${this.renderForm()}
      <dialog aria-labelledby="remove-q" @close=${() => (this.removing = null)} @cancel=${() => (this.removing = null)}>
        ${this.removing
          ? html`<p id="remove-q">${at(i, 'removeConfirm', { name: this.removing.name, email: this.removing.email })}</p>
              <div class="actions">
                <button type="button" class="primary" @click=${this.removeConfirmed}>${at(i, 'remove')}</button>
                <button type="button" @click=${this.closeDialog}>${at(i, 'cancel')}</button>
              </div>`
          : nothing}
      </dialog>
    </section>`;
  }

  private renderForm() {
    const i = this.i18n;
    const e = this.editing;
    const err = (f: string) => (this.errors[f] ? html`<p class="error" id="err-${f}">${this.errors[f]}</p>` : nothing);
    const described = (f: string, hint?: string) => [hint, this.errors[f] ? `err-${f}` : undefined].filter(Boolean).join(' ') || nothing;
    return html`<form novalidate @submit=${this.submit} aria-labelledby="form-title">
      <h3 id="form-title">${e ? at(i, 'editMod', { name: e.name }) : at(i, 'addMod')}</h3>
      <div class="field">
        <label for="m-email">${at(i, 'email')}</label>
        <input id="m-email" name="email" type="email" dir="ltr" autocomplete="off" required .value=${e?.email ?? ''} aria-invalid=${this.errors.email ? 'true' : 'false'} aria-describedby=${described('email')} />
        ${err('email')}
      </div>
      <div class="field">
        <label for="m-name">${at(i, 'name')}</label>
        <p class="hint" id="m-name-hint">${at(i, 'nameHint')}</p>
        <input id="m-name" name="name" type="text" dir="auto" .value=${e?.name ?? ''} aria-invalid=${this.errors.name ? 'true' : 'false'} aria-describedby=${described('name', 'm-name-hint')} />
        ${err('name')}
      </div>
      <div class="field">
        <label for="m-role">${at(i, 'role')}</label>
        <select id="m-role" name="role">
          <option value="moderator" ?selected=${e?.role !== 'admin'}>${at(i, 'role_moderator')}</option>
          <option value="admin" ?selected=${e?.role === 'admin'}>${at(i, 'role_admin')}</option>
        </select>
      </div>
      <fieldset aria-describedby=${this.errors.sites ? 'err-sites' : nothing}>
        <legend>${at(i, 'sites')}</legend>
        <div class="check">
          <input type="radio" id="m-all" name="scope" value="all" .checked=${this.allSites} @change=${() => (this.allSites = true)} />
          <label for="m-all">${at(i, 'sitesAll')}</label>
        </div>
        <div class="check">
          <input type="radio" id="m-some" name="scope" value="some" .checked=${!this.allSites} @change=${() => (this.allSites = false)} />
          <label for="m-some">${at(i, 'sitesChosen')}</label>
        </div>
        <div class="checks">
          ${this.sites.map(
            (s) => html`<div class="check">
              <input type="checkbox" id="m-site-${s.id}" name="site" value=${s.id} ?disabled=${this.allSites} .checked=${!!e && !e.sites.includes('*') && e.sites.includes(s.id)} />
              <label for="m-site-${s.id}"><bdi>${s.id}</bdi></label>
            </div>`,
          )}
        </div>
        ${err('sites')}
      </fieldset>
      <div class="field">
        <label for="m-password">${e ? at(i, 'passwordNew') : at(i, 'password')}</label>
        <p class="hint" id="m-password-hint">${at(i, 'passwordHint')}</p>
        <input id="m-password" name="password" type="password" autocomplete="new-password" ?required=${!e} aria-invalid=${this.errors.password ? 'true' : 'false'} aria-describedby=${described('password', 'm-password-hint')} />
        ${err('password')}
      </div>
      <div class="actions">
        <button type="submit" class="primary" ?disabled=${this.busy}>${this.busy ? at(i, 'saving') : e ? at(i, 'save') : at(i, 'add')}</button>
        ${e ? html`<button type="button" @click=${() => this.startEdit(null)}>${at(i, 'cancel')}</button>` : nothing}
      </div>
    </form>`;
  }

  private startEdit(m: ModeratorView | null) {
    this.editing = m;
    this.errors = {};
    this.allSites = !m || m.role === 'admin' || m.sites.includes('*');
    const form = this.renderRoot.querySelector('form');
    form?.reset();
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('#m-email')?.focus());
  }

  private async submit(ev: Event) {
    ev.preventDefault();
    const form = ev.target as HTMLFormElement;
    const data = new FormData(form);
    const chosen = data.getAll('site').map(String);
    const body: Record<string, unknown> = {
      email: String(data.get('email') ?? '').trim(),
      role: String(data.get('role')),
      sites: this.allSites ? ['*'] : chosen,
    };
    const name = String(data.get('name') ?? '').trim();
    if (name) body.name = name;
    const password = String(data.get('password') ?? '');
    if (password || !this.editing) body.password = password;
    if (!this.allSites && chosen.length === 0 && body.role !== 'admin') {
      this.errors = { sites: at(this.i18n, 'noSitesChosen') };
      return;
    }
    this.busy = true;
    this.errors = {};
    const before = this.editing;
    try {
      const path = before ? `/api/moderation/moderators/${encodeURIComponent(before.id)}` : '/api/moderation/moderators';
      const { moderator } = await this.api.send<{ moderator: ModeratorView }>(before ? 'PATCH' : 'POST', path, body);
      const ended = before && (password || before.role !== moderator.role || before.email !== moderator.email || JSON.stringify(before.sites) !== JSON.stringify(moderator.sites));
      this.message = !before ? at(this.i18n, 'added', { name: moderator.name }) : ended ? at(this.i18n, 'sessionsEnded', { name: moderator.name }) : at(this.i18n, 'saved', { name: moderator.name });
      this.editing = null;
      this.allSites = true;
      form.reset();
      await this.load();
    } catch (e) {
      this.fail(e);
    } finally {
      this.busy = false;
    }
  }

  private fail(e: unknown) {
    if (e instanceof ApiError && Object.keys(e.fields).length) {
      this.errors = e.fields;
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"], fieldset[aria-describedby] input')?.focus());
    } else this.message = (e as Error).message;
  }

  private askRemove(m: ModeratorView) {
    this.removing = m;
    void this.updateComplete.then(() => this.renderRoot.querySelector('dialog')?.showModal());
  }

  private closeDialog() {
    this.renderRoot.querySelector('dialog')?.close();
  }

  private async removeConfirmed() {
    const m = this.removing;
    if (!m) return;
    this.closeDialog();
    try {
      await this.api.send('DELETE', `/api/moderation/moderators/${encodeURIComponent(m.id)}`, undefined);
      this.message = at(this.i18n, 'removed', { name: m.name });
      if (this.editing?.id === m.id) this.editing = null;
      await this.load();
    } catch (e) {
      this.message = (e as Error).message;
    }
  }
}
