import { html, LitElement, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { Api } from '../api.js';
import type { I18n } from '../i18n/i18n.js';
import { formStyles } from '../modtools/forms.styles.js';
import { mt, type ToolKey } from '../modtools/strings.js';
import type { ModeratorComment, RuleAction, RuleKind } from '../modtools/types.js';
import { shared } from '../shared.styles.js';
import { ACTIONS, describeMatch, domainOf, EXPIRIES, rangeOf, saveRule, type Expiry } from './rule-form.js';

interface Target {
  kind: RuleKind;
  value: string;
}

/**
 * The `b` dialog: a trust, hold or block rule on one comment's email, IP address, the
 * address's /24 (IPv4) or /64 (IPv6) range, or its email's domain, with an optional note
 * and expiry. A common mail provider's domain shows the server's warning and needs the
 * confirm box ticked. A modal <dialog>: Escape cancels, focus returns to the opener.
 *
 * @property site - the site id
 * @fires majlis-rule-saved - `{ rule, message }` when the server saved it (bubbles, composed)
 */
export class MajlisRuleDialog extends LitElement {
  static override styles = [shared, formStyles];

  @property() site = '';
  @property({ attribute: false }) api!: Api;
  @property({ attribute: false }) i18n!: I18n;

  @state() private comment: ModeratorComment | null = null;
  @state() private target = 0;
  @state() private action: RuleAction = 'block';
  @state() private problem = '';
  @state() private confirmText: string | null = null;
  @state() private busy = false;
  @query('dialog') private dialog!: HTMLDialogElement;
  private opener: HTMLElement | null = null;

  get open(): boolean {
    return this.dialog?.open ?? false;
  }

  /** Opens the dialog for this comment; `opener` gets the focus back on close. */
  async show(comment: ModeratorComment, opener: HTMLElement | null): Promise<void> {
    this.comment = comment;
    this.opener = opener;
    this.target = 0;
    this.action = 'block';
    this.problem = '';
    this.confirmText = null;
    await this.updateComplete;
    // not form.reset(): it would also uncheck the radios, which Lit set as properties
    const note = this.dialog.querySelector<HTMLTextAreaElement>('#rule-note');
    const expiry = this.dialog.querySelector<HTMLSelectElement>('#rule-expiry');
    if (note) note.value = '';
    if (expiry) expiry.value = 'never';
    this.dialog.querySelectorAll<HTMLInputElement>('input[name="target"]').forEach((r, i) => (r.checked = i === 0));
    this.dialog.querySelectorAll<HTMLInputElement>('input[name="action"]').forEach((r) => (r.checked = r.value === 'block'));
    if (!this.dialog.open) this.dialog.showModal();
    this.dialog.querySelector<HTMLInputElement>('input[name="target"]')?.focus();
  }

  private targets(c: ModeratorComment): Target[] {
    // An imported comment may have no email; retention clears IPs: no target for what is not there.
    const out: Target[] = c.email ? [{ kind: 'email', value: c.email }] : [];
    if (c.ip) {
      out.push({ kind: 'ip', value: c.ip });
      const range = rangeOf(c.ip);
      if (range) out.push({ kind: 'ip', value: range });
    }
    const domain = domainOf(c.email);
    if (domain) out.push({ kind: 'domain', value: domain });
    return out;
  }

  override render() {
    const t = this.i18n;
    const c = this.comment;
    return html`<dialog aria-labelledby="rule-title" @close=${this.onClose}>
      ${c ? this.renderForm(c) : html`<h2 id="rule-title">${mt(t, 'rulesNav')}</h2>`}
    </dialog>`;
  }

  private renderForm(c: ModeratorComment) {
    const t = this.i18n;
    const targets = this.targets(c);
    return html`<h2 id="rule-title">${mt(t, 'ruleTitle', { name: c.author.name })}</h2>
      <form @submit=${this.onSubmit}>
        <fieldset>
          <legend>${mt(t, 'targetLegend')}</legend>
          ${targets.length === 0 ? html`<p class="problem">${mt(t, 'noRuleTarget')}</p>` : nothing}
          ${targets.map(
            (x, i) => html`<label class="choice">
              <input type="radio" name="target" value=${i} .checked=${i === this.target} @change=${() => this.pickTarget(i)} />
              <span>${describeMatch(t, x.kind, x.value)}</span>
            </label>`,
          )}
        </fieldset>
        <fieldset>
          <legend>${mt(t, 'actionLegend')}</legend>
          ${ACTIONS.map(
            (a) => html`<label class="choice">
              <input type="radio" name="action" value=${a} .checked=${a === this.action} @change=${() => (this.action = a)} />
              <span>${mt(t, `do_${a}` as ToolKey)}</span>
            </label>`,
          )}
        </fieldset>
        <div class="field">
          <label for="rule-note">${mt(t, 'note')}</label>
          <textarea id="rule-note" name="note" maxlength="500" dir="auto"></textarea>
        </div>
        <div class="field">
          <label for="rule-expiry">${mt(t, 'expiry')}</label>
          <select id="rule-expiry" name="expiry">
            ${Object.keys(EXPIRIES).map((k) => html`<option value=${k}>${mt(t, `expiry_${k}` as ToolKey)}</option>`)}
          </select>
        </div>
        ${this.confirmText
          ? html`<p class="problem" id="rule-confirm-why" role="alert">${this.confirmText}</p>
              <label class="choice"
                ><input type="checkbox" name="confirm" required aria-describedby="rule-confirm-why" /><span
                  >${mt(t, 'confirmCommon')}</span
                ></label
              >`
          : nothing}
        ${this.problem ? html`<p class="problem" role="alert">${this.problem}</p>` : nothing}
        <div class="buttons">
          <button type="button" @click=${() => this.dialog.close()}>${mt(t, 'cancel')}</button>
          <button type="submit" class="primary" ?disabled=${this.busy || targets.length === 0}>${mt(t, 'saveRule')}</button>
        </div>
      </form>`;
  }

  private pickTarget(i: number) {
    this.target = i;
    this.confirmText = null; // the warning was about the domain; another target needs none
    this.problem = '';
  }

  private async onSubmit(e: SubmitEvent) {
    e.preventDefault();
    const c = this.comment;
    if (!c || this.busy) return;
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const target = this.targets(c)[this.target]!;
    this.busy = true;
    this.problem = '';
    try {
      const out = await saveRule(this.api, {
        site: this.site,
        kind: target.kind,
        value: target.value,
        action: this.action,
        note: String(data.get('note') ?? ''),
        expiry: String(data.get('expiry') ?? 'never') as Expiry,
        confirm: data.get('confirm') === 'on',
      });
      if (!out.ok) {
        if (out.confirm) this.confirmText = out.confirm;
        else this.problem = mt(this.i18n, 'ruleFailed', { message: Object.values(out.fields)[0] ?? out.message });
        return;
      }
      const message = mt(this.i18n, 'ruleSaved', { action: mt(this.i18n, `act_${out.rule.action}` as ToolKey), match: describeMatch(this.i18n, target.kind, target.value) });
      this.dispatchEvent(new CustomEvent('majlis-rule-saved', { detail: { rule: out.rule, message }, bubbles: true, composed: true }));
      this.dialog.close();
    } catch (err) {
      this.problem = mt(this.i18n, 'ruleFailed', { message: (err as Error).message });
    } finally {
      this.busy = false;
    }
  }

  private onClose() {
    const back = this.opener;
    this.opener = null;
    if (back?.isConnected) back.focus();
  }
}
