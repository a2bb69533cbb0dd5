import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Api } from '../api.js';
import type { I18n } from '../i18n/i18n.js';
import { formStyles } from '../modtools/forms.styles.js';
import { mt, shortDate, type ToolKey } from '../modtools/strings.js';
import type { Rule, RuleAction, RuleKind } from '../modtools/types.js';
import { shared } from '../shared.styles.js';
import { ACTIONS, describeRule, EXPIRIES, saveRule, type Expiry } from './rule-form.js';

const KINDS: readonly RuleKind[] = ['email', 'ip', 'domain'];

/**
 * The site's trust / hold / block rules (GET /api/moderation/rules?site=S), newest first:
 * what each matches, its action, note, expiry, who added it and when; a remove button
 * each (DELETE /api/moderation/rules/:id); and a form to add one by hand. Changes are
 * announced politely.
 *
 * @property site - the site id
 * @fires majlis-announce - `{ text }` for the host's polite live region
 */
export class MajlisRules extends LitElement {
  static override styles = [
    shared,
    formStyles,
    css`
      :host {
        display: block;
      }
      section {
        background: var(--m-surface);
        border: 1px solid var(--m-border);
        border-radius: var(--m-radius);
        padding: 1.25rem;
        margin-block-end: 1.25rem;
      }
      h2 {
        font-size: 1.3rem;
      }
      table {
        inline-size: 100%;
        border-collapse: collapse;
      }
      caption {
        text-align: start;
        color: var(--m-muted);
        padding-block-end: 0.5rem;
      }
      th,
      td {
        text-align: start;
        padding-block: 0.45rem;
        padding-inline: 0.5rem;
        border-block-end: 1px solid var(--m-border);
        vertical-align: top;
        overflow-wrap: anywhere;
      }
      .act-block {
        color: var(--m-trash);
        font-weight: 600;
      }
      .act-hold {
        color: var(--m-spam);
        font-weight: 600;
      }
      .act-trust {
        color: var(--m-approve);
        font-weight: 600;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem;
        align-items: end;
      }
      .quiet {
        color: var(--m-muted);
      }
    `,
  ];

  @property() site = '';
  @property({ attribute: false }) api!: Api;
  @property({ attribute: false }) i18n!: I18n;

  @state() private rules: Rule[] = [];
  @state() private loading = false;
  @state() private error = '';
  @state() private problem = '';
  @state() private confirmText: string | null = null;
  @state() private busy = false;

  override willUpdate(changed: PropertyValues): void {
    if (changed.has('site') && this.site) void this.load();
  }

  /** Reads the rules again (after a rule was added from a comment's dialog). */
  async load(): Promise<void> {
    this.loading = true;
    this.error = '';
    try {
      this.rules = (await this.api.get<{ rules: Rule[] }>(`/api/moderation/rules?site=${encodeURIComponent(this.site)}`)).rules;
    } catch (e) {
      this.error = (e as Error).message;
    } finally {
      this.loading = false;
    }
  }

  override render() {
    const t = this.i18n;
    return html`<section aria-labelledby="rules-title">
        <h2 id="rules-title" tabindex="-1">${mt(t, 'rulesTitle', { site: this.site })}</h2>
        <p class="hint">${mt(t, 'rulesIntro')}</p>
        ${this.error ? html`<p class="problem" role="alert">${this.error} <button type="button" @click=${this.load}>${t.t('retry')}</button></p>` : nothing}
        ${this.loading && !this.rules.length ? html`<p class="quiet">${t.t('loading')}</p>` : nothing}
        ${!this.loading && !this.error && !this.rules.length ? html`<p class="quiet">${mt(t, 'rulesEmpty')}</p>` : nothing}
        ${this.rules.length ? this.renderTable() : nothing}
      </section>
      <section aria-labelledby="add-title">${this.renderAdd()}</section>`;
  }

  private renderTable() {
    const t = this.i18n;
    return html`<table>
      <caption>
        ${mt(t, 'rulesCaption')}
      </caption>
      <thead>
        <tr>
          <th scope="col">${mt(t, 'col_match')}</th>
          <th scope="col">${mt(t, 'col_action')}</th>
          <th scope="col">${mt(t, 'col_note')}</th>
          <th scope="col">${mt(t, 'col_expires')}</th>
          <th scope="col">${mt(t, 'col_by')}</th>
          <th scope="col"><span class="sr-only">${mt(t, 'remove')}</span></th>
        </tr>
      </thead>
      <tbody>
        ${this.rules.map(
          (r) => html`<tr data-id=${r.id}>
            <td>${describeRule(t, r)}</td>
            <td class="act-${r.action}">${mt(t, `act_${r.action}` as ToolKey)}</td>
            <td dir="auto">${r.note ?? ''}</td>
            <td>${r.expiresAt ? html`<time datetime=${new Date(r.expiresAt).toISOString()}>${shortDate(t, r.expiresAt)}</time>` : mt(t, 'never')}</td>
            <td>
              ${r.createdBy
                ? mt(t, 'byWhen', { name: r.createdBy.name, date: shortDate(t, r.createdAt) })
                : mt(t, 'bySystem', { date: shortDate(t, r.createdAt) })}
            </td>
            <td>
              <button type="button" aria-label=${mt(t, 'removeRule', { match: describeRule(t, r) })} @click=${() => this.removeRule(r)}>${mt(t, 'remove')}</button>
            </td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  private renderAdd() {
    const t = this.i18n;
    return html`<h2 id="add-title">${mt(t, 'addRule')}</h2>
      <form @submit=${this.onAdd} @input=${() => (this.problem = '')}>
        <div class="row">
          <div class="field">
            <label for="add-kind">${mt(t, 'kind')}</label>
            <select id="add-kind" name="kind" @change=${() => (this.confirmText = null)}>
              ${KINDS.map((k) => html`<option value=${k}>${mt(t, `kind_${k}` as ToolKey)}</option>`)}
            </select>
          </div>
          <div class="field">
            <label for="add-value">${mt(t, 'value')}</label>
            <input id="add-value" name="value" type="text" dir="ltr" required maxlength="254" autocomplete="off" @input=${() => (this.confirmText = null)} />
          </div>
          <div class="field">
            <label for="add-action">${mt(t, 'col_action')}</label>
            <select id="add-action" name="action">
              ${ACTIONS.map((a) => html`<option value=${a}>${mt(t, `act_${a}` as ToolKey)}</option>`)}
            </select>
          </div>
          <div class="field">
            <label for="add-expiry">${mt(t, 'expiry')}</label>
            <select id="add-expiry" name="expiry">
              ${Object.keys(EXPIRIES).map((k) => html`<option value=${k}>${mt(t, `expiry_${k}` as ToolKey)}</option>`)}
            </select>
          </div>
        </div>
        <div class="field">
          <label for="add-note">${mt(t, 'note')}</label>
          <input id="add-note" name="note" type="text" dir="auto" maxlength="500" />
        </div>
        ${this.confirmText
          ? html`<p class="problem" id="add-confirm-why" role="alert">${this.confirmText}</p>
              <label class="choice"
                ><input type="checkbox" name="confirm" required aria-describedby="add-confirm-why" /><span>${mt(t, 'confirmCommon')}</span></label
              >`
          : nothing}
        ${this.problem ? html`<p class="problem" role="alert">${this.problem}</p>` : nothing}
        <div class="buttons"><button type="submit" class="primary" ?disabled=${this.busy}>${mt(t, 'addButton')}</button></div>
      </form>`;
  }

  private async onAdd(e: SubmitEvent) {
    e.preventDefault();
    if (this.busy) return;
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    this.busy = true;
    this.problem = '';
    try {
      const out = await saveRule(this.api, {
        site: this.site,
        kind: String(data.get('kind')) as RuleKind,
        value: String(data.get('value') ?? ''),
        action: String(data.get('action')) as RuleAction,
        note: String(data.get('note') ?? ''),
        expiry: String(data.get('expiry') ?? 'never') as Expiry,
        confirm: data.get('confirm') === 'on',
      });
      if (!out.ok) {
        if (out.confirm) this.confirmText = out.confirm;
        else this.problem = mt(this.i18n, 'ruleFailed', { message: Object.values(out.fields)[0] ?? out.message });
        return;
      }
      this.confirmText = null;
      form.reset();
      this.announce(mt(this.i18n, 'ruleSaved', { action: mt(this.i18n, `act_${out.rule.action}` as ToolKey), match: describeRule(this.i18n, out.rule) }));
      await this.load();
    } catch (err) {
      this.problem = mt(this.i18n, 'ruleFailed', { message: (err as Error).message });
    } finally {
      this.busy = false;
    }
  }

  private async removeRule(r: Rule) {
    try {
      await this.api.send('DELETE', `/api/moderation/rules/${encodeURIComponent(r.id)}`, undefined);
      this.rules = this.rules.filter((x) => x.id !== r.id);
      this.announce(mt(this.i18n, 'ruleRemoved', { match: describeRule(this.i18n, r) }));
      // the removed row had the focus: keep it in the view
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#rules-title')?.focus();
    } catch (e) {
      this.error = (e as Error).message;
    }
  }

  private announce(text: string) {
    this.dispatchEvent(new CustomEvent('majlis-announce', { detail: { text }, bubbles: true, composed: true }));
  }
}
