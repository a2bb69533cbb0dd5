import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ApiError, type Api } from './api.js';
import type { I18n } from './i18n/i18n.js';
import { nt, type NotifyKey } from './notify-strings.js';
import { shared } from './shared.styles.js';
import type { SiteSettings, SiteView } from './types.js';

const EVENTS = ['comment.created', 'comment.approved', 'comment.status_changed'] as const;
interface Hook { id: string; url: string; events: string[]; private: boolean; createdAt: string }
interface Delivery { id: string; event: string; status: 'pending' | 'done' | 'failed'; attempts: number; lastError: string | null; createdAt: string }

/**
 * The admins' notifications view for one site: whether email is configured,
 * the notification settings (saved with PATCH like the others), and the site's
 * webhooks with their recent deliveries (resend one), adding and removing.
 *
 * @property site - the site id
 * @property api - the JSON client
 * @property i18n - strings for the current language
 */
export class MajlisNotifySettings extends LitElement {
  static override styles = [
    shared,
    css`
      section { margin-block: 1.5rem; }
      fieldset { border: 1px solid var(--m-border); border-radius: var(--m-radius); padding: 1rem; margin-block-end: 1rem; }
      .field { display: grid; gap: 0.25rem; margin-block-end: 0.75rem; }
      .check { display: flex; gap: 0.5rem; align-items: center; }
      .notice { background: var(--m-notice-bg); padding: 0.75rem; border-radius: var(--m-radius); }
      .error { color: var(--m-error); }
      ul { padding-inline-start: 1.25rem; }
      code, .url { overflow-wrap: anywhere; }
    `,
  ];

  @property() site = '';
  @property({ attribute: false }) api!: Api;
  @property({ attribute: false }) i18n!: I18n;

  @state() private mail: { configured: boolean; from: string | null } | null = null;
  @state() private settings: SiteSettings | null = null;
  @state() private hooks: Hook[] = [];
  @state() private deliveries: Record<string, Delivery[]> = {};
  @state() private message: { text: string; error: boolean } | null = null;
  @state() private secret: string | null = null;

  private t(key: NotifyKey, params?: Record<string, string | number>) {
    return nt(this.i18n.lang, key, params);
  }

  override willUpdate(changed: PropertyValues): void {
    if (changed.has('site') && this.site) void this.load();
  }

  private base() {
    return `/api/moderation/sites/${encodeURIComponent(this.site)}`;
  }

  private async load() {
    try {
      const [status, site, hooks] = await Promise.all([
        this.api.get<{ mail: { configured: boolean; from: string | null } }>('/api/moderation/notify/status'),
        this.api.get<{ site: SiteView }>(this.base()),
        this.api.get<{ webhooks: Hook[] }>(`${this.base()}/webhooks`),
      ]);
      this.mail = status.mail;
      this.settings = site.site.settings;
      this.hooks = hooks.webhooks;
      const lists = await Promise.all(hooks.webhooks.map((h) => this.api.get<{ deliveries: Delivery[] }>(`${this.base()}/webhooks/${h.id}/deliveries`)));
      this.deliveries = Object.fromEntries(hooks.webhooks.map((h, i) => [h.id, lists[i]!.deliveries]));
    } catch (e) {
      this.message = { text: (e as Error).message, error: true };
    }
  }

  override render() {
    const s = this.settings;
    return html`<section aria-labelledby="notify-title">
      <h2 id="notify-title">${this.t('title')}</h2>
      ${this.mail
        ? html`<p class="notice" role="status" id="mail-status">${this.mail.configured ? this.t('mailOn', { from: this.mail.from ?? '' }) : this.t('mailOff')}</p>`
        : nothing}
      ${this.message ? html`<p class=${this.message.error ? 'error' : 'ok'} role=${this.message.error ? 'alert' : 'status'}>${this.message.text}</p>` : nothing}
      ${s ? this.renderSettings(s) : nothing} ${this.renderHooks()}
    </section>`;
  }

  private renderSettings(s: SiteSettings) {
    const option = (value: string, key: NotifyKey, current: string) => html`<option value=${value} ?selected=${value === current}>${this.t(key)}</option>`;
    return html`<form @submit=${this.save}>
      <fieldset>
        <legend>${this.t('groupMail')}</legend>
        <div class="field">
          <label for="n-mod">${this.t('notifyModerators')}</label>
          <select id="n-mod" name="notifyModerators">
            ${option('off', 'notify_off', s.notifyModerators)} ${option('each', 'notify_each', s.notifyModerators)} ${option('digest', 'notify_digest', s.notifyModerators)}
          </select>
        </div>
        <div class="field">
          <label for="n-digest">${this.t('digestMinutes')}</label>
          <input id="n-digest" name="digestMinutes" type="number" min="5" max="10080" step="1" .value=${String(s.digestMinutes)} />
        </div>
        <div class="field">
          <label for="n-to">${this.t('notifyTo')}</label>
          <textarea id="n-to" name="notifyTo" rows="3" dir="ltr" .value=${s.notifyTo.join('\n')}></textarea>
        </div>
        <div class="field check">
          <input id="n-replies" name="replyNotifications" type="checkbox" .checked=${s.replyNotifications} />
          <label for="n-replies">${this.t('replyNotifications')}</label>
        </div>
        <div class="field">
          <label for="n-lang">${this.t('mailLanguage')}</label>
          <select id="n-lang" name="mailLanguage">${option('ar', 'lang_ar', s.mailLanguage)} ${option('en', 'lang_en', s.mailLanguage)}</select>
        </div>
        <button class="primary" type="submit">${this.t('save')}</button>
      </fieldset>
    </form>`;
  }

  private renderHooks() {
    return html`<fieldset>
      <legend>${this.t('groupHooks')}</legend>
      ${this.secret ? html`<p class="notice" role="status">${this.t('secretOnce', { secret: this.secret })}</p>` : nothing}
      ${this.hooks.length === 0 ? html`<p>${this.t('hooksNone')}</p>` : nothing}
      <ul>
        ${this.hooks.map(
          (h) => html`<li>
            <span class="url" dir="ltr">${h.url}</span> — <span dir="ltr">${h.events.join(', ')}</span>${h.private ? html` — ${this.t('private')}` : nothing}
            <button type="button" @click=${() => this.removeHook(h)}>${this.t('remove')}</button>
            <details>
              <summary>${this.t('deliveries')}</summary>
              ${(this.deliveries[h.id] ?? []).length === 0
                ? html`<p>${this.t('noDeliveries')}</p>`
                : html`<ul>
                    ${this.deliveries[h.id]!.map(
                      (d) => html`<li>
                        <span dir="ltr">${d.event}</span> · ${this.t(`status_${d.status}` as NotifyKey)} · ${this.t('attempts', { n: d.attempts })} ·
                        ${this.i18n.fullDate(d.createdAt)} ${d.lastError ? html`· <span dir="ltr">${d.lastError}</span>` : nothing}
                        ${d.status !== 'pending' ? html`<button type="button" @click=${() => this.resend(h, d)}>${this.t('resend')}</button>` : nothing}
                      </li>`,
                    )}
                  </ul>`}
            </details>
          </li>`,
        )}
      </ul>
      <form @submit=${this.add}>
        <div class="field">
          <label for="h-url">${this.t('url')}</label>
          <input id="h-url" name="url" type="url" dir="ltr" required maxlength="2000" placeholder="https://hooks.example/majlis" />
        </div>
        <fieldset>
          <legend>${this.t('events')}</legend>
          ${EVENTS.map((ev) => html`<div class="check"><input type="checkbox" id=${`ev-${ev}`} name="events" value=${ev} checked /><label for=${`ev-${ev}`} dir="ltr">${ev}</label></div>`)}
        </fieldset>
        <div class="check"><input type="checkbox" id="h-private" name="private" /><label for="h-private">${this.t('private')}</label></div>
        <button class="primary" type="submit">${this.t('add')}</button>
      </form>
    </fieldset>`;
  }

  private fail(e: unknown) {
    const fields = e instanceof ApiError ? Object.values(e.fields) : [];
    this.message = { text: [(e as Error).message, ...fields].join(' '), error: true };
  }

  private async save(e: SubmitEvent) {
    e.preventDefault();
    const f = e.currentTarget as HTMLFormElement;
    const v = (name: string) => (f.elements.namedItem(name) as HTMLInputElement).value;
    const settings = {
      notifyModerators: v('notifyModerators'),
      digestMinutes: Number(v('digestMinutes')),
      notifyTo: v('notifyTo').split('\n').map((x) => x.trim()).filter(Boolean),
      replyNotifications: (f.elements.namedItem('replyNotifications') as HTMLInputElement).checked,
      mailLanguage: v('mailLanguage'),
    };
    try {
      const res = await this.api.send<{ site: SiteView }>('PATCH', this.base(), { settings });
      this.settings = res.site.settings;
      this.message = { text: this.t('saved'), error: false };
    } catch (err) {
      this.fail(err);
    }
  }

  private async add(e: SubmitEvent) {
    e.preventDefault();
    const f = e.currentTarget as HTMLFormElement;
    const events = [...f.querySelectorAll<HTMLInputElement>('input[name=events]:checked')].map((x) => x.value);
    try {
      const res = await this.api.send<{ webhook: Hook & { secret: string } }>('POST', `${this.base()}/webhooks`, {
        url: (f.elements.namedItem('url') as HTMLInputElement).value.trim(),
        events,
        private: (f.elements.namedItem('private') as HTMLInputElement).checked,
      });
      this.secret = res.webhook.secret;
      this.message = null;
      f.reset();
      await this.load();
    } catch (err) {
      this.fail(err);
    }
  }

  private async removeHook(h: Hook) {
    try {
      await this.api.send('DELETE', `${this.base()}/webhooks/${h.id}`, undefined);
      this.secret = null;
      await this.load();
    } catch (err) {
      this.fail(err);
    }
  }

  private async resend(h: Hook, d: Delivery) {
    try {
      await this.api.send('POST', `${this.base()}/webhooks/${h.id}/deliveries/${d.id}/resend`, {});
      await this.load();
    } catch (err) {
      this.fail(err);
    }
  }
}
