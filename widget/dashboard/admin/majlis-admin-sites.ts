import { html, LitElement, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ApiError, type Api } from '../api.js';
import type { I18n } from '../i18n/i18n.js';
import { shared } from '../shared.styles.js';
import type { SiteView } from '../types.js';
import { adminStyles } from './admin.styles.js';
import { at } from './strings.js';

const lines = (s: string) => s.split(/\r?\n/).map((x) => x.trim()).filter(Boolean);

/**
 * The admins' sites section: each site with its origins (one per line, saved with PATCH
 * /api/moderation/sites/:id `{ origins }`), and a form to add a site (POST
 * /api/moderation/sites `{ id, origins }`). The server's errors show beside their fields.
 *
 * @property api - the JSON client
 * @property i18n - strings for the current language
 * @property sites - every site
 * @fires majlis-sites-changed - after a site was added or its origins saved
 */
export class MajlisAdminSites extends LitElement {
  static override styles = [shared, adminStyles];

  @property({ attribute: false }) api!: Api;
  @property({ attribute: false }) i18n!: I18n;
  @property({ attribute: false }) sites: SiteView[] = [];

  @state() private errors: Record<string, string> = {};
  @state() private message = '';

  override render() {
    const i = this.i18n;
    const err = (f: string) => (this.errors[f] ? html`<p class="error" id="err-${f}">${this.errors[f]}</p>` : nothing);
    return html`<section aria-labelledby="sites-title">
      <h3 id="sites-title">${at(i, 'sitesTitle')}</h3>
      <p class="intro">${at(i, 'sitesIntro')}</p>
      <ul class="plain">
        ${this.sites.map(
          (s) => html`<li>
            <form class="field" data-site=${s.id} @submit=${(e: Event) => this.saveOrigins(e, s.id)}>
              <label for="o-${s.id}">${at(i, 'originsOf', { site: s.id })}</label>
              <textarea id="o-${s.id}" name="origins" dir="ltr" placeholder=${at(i, 'noOrigins')} aria-invalid=${this.errors[`origins-${s.id}`] ? 'true' : 'false'} aria-describedby=${this.errors[`origins-${s.id}`] ? `err-origins-${s.id}` : nothing} .value=${s.origins.join('\n')}></textarea>
              ${err(`origins-${s.id}`)}
              <div class="actions"><button type="submit">${at(i, 'saveOrigins')}</button></div>
            </form>
          </li>`,
        )}
      </ul>
      <p class="status" role="status" aria-live="polite">${this.message}</p>
      <form novalidate @submit=${this.addSite} aria-labelledby="add-site-title">
        <h3 id="add-site-title">${at(i, 'addSite')}</h3>
        <div class="field">
          <label for="s-id">${at(i, 'siteId')}</label>
          <p class="hint" id="s-id-hint">${at(i, 'siteIdHint')}</p>
          <input id="s-id" name="id" type="text" dir="ltr" required autocomplete="off" aria-invalid=${this.errors.id ? 'true' : 'false'} aria-describedby=${this.errors.id ? 's-id-hint err-id' : 's-id-hint'} />
          ${err('id')}
        </div>
        <div class="field">
          <label for="s-origins">${at(i, 'origins')}</label>
          <textarea id="s-origins" name="origins" dir="ltr" placeholder="https://news.example" aria-invalid=${this.errors.origins ? 'true' : 'false'} aria-describedby=${this.errors.origins ? 'err-origins' : nothing}></textarea>
          ${err('origins')}
        </div>
        <div class="actions"><button type="submit" class="primary">${at(i, 'addSite')}</button></div>
      </form>
    </section>`;
  }

  private changed() {
    this.dispatchEvent(new CustomEvent('majlis-sites-changed', { bubbles: true, composed: true }));
  }

  private async saveOrigins(ev: Event, site: string) {
    ev.preventDefault();
    const origins = lines(String(new FormData(ev.target as HTMLFormElement).get('origins') ?? ''));
    const { [`origins-${site}`]: _, ...rest } = this.errors;
    this.errors = rest;
    try {
      await this.api.send('PATCH', `/api/moderation/sites/${encodeURIComponent(site)}`, { origins });
      this.message = at(this.i18n, 'originsSaved', { site });
      this.changed();
    } catch (e) {
      if (e instanceof ApiError && e.fields.origins) this.errors = { ...this.errors, [`origins-${site}`]: e.fields.origins };
      else this.message = (e as Error).message;
    }
  }

  private async addSite(ev: Event) {
    ev.preventDefault();
    const form = ev.target as HTMLFormElement;
    const data = new FormData(form);
    const id = String(data.get('id') ?? '').trim();
    this.errors = {};
    try {
      await this.api.send('POST', '/api/moderation/sites', { id, origins: lines(String(data.get('origins') ?? '')) });
      this.message = at(this.i18n, 'siteAdded', { site: id });
      form.reset();
      this.changed();
    } catch (e) {
      if (e instanceof ApiError && (e.fields.id || e.fields.origins)) this.errors = e.fields;
      else if (e instanceof ApiError && e.status === 409) this.errors = { id: e.message };
      else this.message = (e as Error).message;
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('form[aria-labelledby] [aria-invalid="true"]')?.focus());
    }
  }
}
