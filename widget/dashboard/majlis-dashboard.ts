import { html, LitElement, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { Api, ApiError } from './api.js';
import { I18n, isLang, type Lang } from './i18n/i18n.js';
import { tt } from './i18n/transfer.js';
import { at } from './admin/strings.js';
import { styles } from './majlis-dashboard.styles.js';
import type { MajlisQueue } from './majlis-queue.js';
import { shared, tokens } from './shared.styles.js';
import type { Me, SiteView, StatusCounts } from './types.js';

const LANG_KEY = 'majlis.dashboard.lang';
const SITE_KEY = 'majlis.dashboard.site';

function stored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null; // storage can be disabled; the defaults then apply
  }
}

function store(key: string, value: string) {
  try {
    localStorage.setItem(key, value);
  } catch {
    // not remembered, still applied
  }
}

/**
 * The moderator dashboard served at /moderate: decides between the sign-in
 * form and the dashboard (GET /api/auth/me), owns the language (Arabic by
 * default, English on request, remembered) and the document's dir, lang and
 * title, the site picker, and the switch between the queue and the admins'
 * settings.
 */
export class MajlisDashboard extends LitElement {
  static override styles = [tokens, shared, styles];

  @state() private i18n = new I18n(isLang(stored(LANG_KEY)) ? (stored(LANG_KEY) as Lang) : 'ar');
  /** undefined while asking the server, null when signed out */
  @state() private me: Me | null | undefined = undefined;
  @state() private sites: SiteView[] = [];
  @state() private site = '';
  @state() private view: 'queue' | 'settings' | 'transfer' | 'admin' | 'audit' = 'queue';
  /** the admins' page and audit view load on first use (admin/index.ts, a chunk of their own) */
  @state() private extrasReady = false;
  @state() private bootError = '';
  private pending: number | null = null;

  private readonly api = new Api(
    () => this.i18n.lang,
    () => this.sessionLost(),
    () => this.i18n.t('networkError'),
  );

  override connectedCallback(): void {
    super.connectedCallback();
    this.applyLang();
    void this.boot();
  }

  private async boot() {
    this.bootError = '';
    try {
      const res = await this.api.get<{ moderator: Me }>('/api/auth/me');
      await this.signedIn(res.moderator);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) this.me = null;
      else this.bootError = (e as Error).message;
    }
  }

  private async signedIn(me: Me) {
    const { sites } = await this.api.get<{ sites: SiteView[] }>('/api/moderation/sites');
    this.sites = sites;
    const remembered = stored(SITE_KEY);
    this.site = sites.find((s) => s.id === remembered)?.id ?? sites[0]?.id ?? '';
    this.view = 'queue';
    this.me = me;
  }

  override render() {
    const t = this.i18n;
    return html`<header class="top">
        <p class="brand"><span class="logo" aria-hidden="true">م</span>${t.t('brand')}</p>
        ${this.me ? this.renderNav(this.me) : nothing}
        <button type="button" class="lang" lang=${t.t('otherLangCode')} aria-label=${t.t('otherLangLabel')} @click=${this.switchLang}>
          ${t.t('otherLang')}
        </button>
        ${this.me
          ? html`<p class="me">${t.t('signedInAs', { name: this.me.name })}</p>
              <button type="button" @click=${this.logout}>${t.t('logout')}</button>`
          : nothing}
      </header>
      <main>${this.renderMain()}</main>`;
  }

  private renderNav(me: Me) {
    const t = this.i18n;
    return html`${this.sites.length > 1
        ? html`<label class="site">
            ${t.t('siteLabel')}
            <select @change=${this.pickSite}>
              ${this.sites.map((s) => html`<option value=${s.id} ?selected=${s.id === this.site}>${s.id}</option>`)}
            </select>
          </label>`
        : nothing}
      ${me.role === 'admin'
        ? html`<nav aria-label=${t.t('navLabel')}>
            <button type="button" aria-pressed=${this.view === 'queue'} @click=${() => (this.view = 'queue')}>${t.t('navQueue')}</button>
            <button type="button" aria-pressed=${this.view === 'settings'} @click=${() => (this.view = 'settings')}>${t.t('navSettings')}</button>
            <button type="button" aria-pressed=${this.view === 'transfer'} @click=${() => (this.view = 'transfer')}>${tt(t, 'nav')}</button>
            <button type="button" aria-pressed=${this.view === 'admin'} @click=${() => this.openExtra('admin')}>${at(t, 'nav')}</button>
            <button type="button" aria-pressed=${this.view === 'audit'} @click=${() => this.openExtra('audit')}>${at(t, 'auditNav')}</button>
          </nav>`
        : html`<nav aria-label=${t.t('navLabel')}>
            <button type="button" aria-pressed=${this.view === 'queue'} @click=${() => (this.view = 'queue')}>${t.t('navQueue')}</button>
            <button type="button" aria-pressed=${this.view === 'audit'} @click=${() => this.openExtra('audit')}>${at(t, 'auditNav')}</button>
          </nav>`}`;
  }

  private renderMain() {
    const t = this.i18n;
    if (this.bootError) {
      return html`<p class="error" role="alert">${this.bootError} <button type="button" @click=${this.boot}>${t.t('retry')}</button></p>`;
    }
    if (this.me === undefined) return html`<p class="quiet">${t.t('loading')}</p>`;
    if (this.me === null) return html`<majlis-login .api=${this.api} .i18n=${t} @majlis-login=${this.onLogin}></majlis-login>`;
    if (!this.site) return html`<p class="quiet">${t.t('noSites')}</p>`;
    // The queue stays mounted under the settings so its live connection and counts keep running.
    return html`<h1 class="sr-only">${t.t('heading')}</h1>
      <majlis-workspace .site=${this.site} .api=${this.api} .i18n=${t} ?hidden=${this.view !== 'queue'}>
        <majlis-queue
          .site=${this.site}
          .api=${this.api}
          .i18n=${t}
          ?hidden=${this.view !== 'queue'}
          @majlis-counts=${this.onCounts}
          @majlis-session-lost=${this.checkSession}
        ></majlis-queue>
      </majlis-workspace>
      ${this.me.role === 'admin' && this.view === 'settings'
        ? html`<majlis-settings .site=${this.site} .api=${this.api} .i18n=${t}></majlis-settings>
            <majlis-notify-settings .site=${this.site} .api=${this.api} .i18n=${t}></majlis-notify-settings>`
        : nothing}
      ${this.me.role === 'admin' && this.view === 'transfer' ? html`<majlis-transfer .site=${this.site} .i18n=${t}></majlis-transfer>` : nothing}
      ${this.renderExtra(this.me)}`;
  }

  private renderExtra(me: Me) {
    if (this.view !== 'admin' && this.view !== 'audit') return nothing;
    if (!this.extrasReady) return html`<p class="quiet">${this.i18n.t('loading')}</p>`;
    if (this.view === 'audit') return html`<majlis-audit .site=${this.site} .api=${this.api} .i18n=${this.i18n}></majlis-audit>`;
    return me.role === 'admin'
      ? html`<majlis-admin .api=${this.api} .i18n=${this.i18n} .me=${me} .sites=${this.sites} @majlis-sites-changed=${this.reloadSites}></majlis-admin>`
      : nothing;
  }

  private openExtra(view: 'admin' | 'audit') {
    this.view = view;
    if (!this.extrasReady) {
      import('./admin/index.js').then(
        () => (this.extrasReady = true),
        (e: unknown) => (this.bootError = (e as Error).message),
      );
    }
  }

  private async reloadSites() {
    const { sites } = await this.api.get<{ sites: SiteView[] }>('/api/moderation/sites');
    this.sites = sites;
    if (!this.site) this.site = sites[0]?.id ?? '';
  }

  private async onLogin(e: CustomEvent<{ moderator: Me }>) {
    try {
      await this.signedIn(e.detail.moderator);
    } catch (err) {
      this.bootError = (err as Error).message;
    }
  }

  private pickSite(e: Event) {
    this.site = (e.target as HTMLSelectElement).value;
    store(SITE_KEY, this.site);
    this.pending = null;
    this.updateTitle();
  }

  private onCounts(e: CustomEvent<{ counts: StatusCounts }>) {
    this.pending = e.detail.counts.pending;
    this.updateTitle();
  }

  /** The live connection was refused: signed out elsewhere, or a passing hiccup. */
  private async checkSession() {
    try {
      await this.api.get('/api/auth/me');
      this.renderRoot.querySelector<MajlisQueue>('majlis-queue')?.reconnect();
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) this.sessionLost();
    }
  }

  private sessionLost() {
    this.me = null;
    this.pending = null;
    this.updateTitle();
  }

  private async logout() {
    try {
      await this.api.send('POST', '/api/auth/logout', {});
    } finally {
      this.sessionLost();
    }
  }

  private switchLang() {
    this.i18n = new I18n(this.i18n.lang === 'ar' ? 'en' : 'ar');
    store(LANG_KEY, this.i18n.lang);
    this.applyLang();
  }

  private applyLang() {
    const root = document.documentElement;
    root.lang = this.i18n.lang;
    root.dir = this.i18n.dir;
    this.dir = this.i18n.dir;
    this.lang = this.i18n.lang;
    this.updateTitle();
  }

  private updateTitle() {
    const n = this.pending;
    document.title = n ? this.i18n.t('appTitleCount', { count: n }) : this.i18n.t('appTitle');
  }
}
