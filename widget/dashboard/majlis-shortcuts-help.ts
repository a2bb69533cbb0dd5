import { html, LitElement } from 'lit';
import { property, query } from 'lit/decorators.js';
import type { I18n, Key } from './i18n/i18n.js';
import { shared } from './shared.styles.js';
import { styles } from './majlis-shortcuts-help.styles.js';

const KEYS: Array<[string, Key]> = [
  ['j', 'key_j'],
  ['k', 'key_k'],
  ['a', 'key_a'],
  ['s', 'key_s'],
  ['d', 'key_d'],
  ['u', 'key_u'],
  ['r', 'key_r'],
  ['x', 'key_x'],
  ['f', 'key_f'],
  ['b', 'key_b'],
  ['/', 'key_slash'],
  ['?', 'key_help'],
];

/**
 * The keyboard shortcuts, in a modal <dialog> (Escape closes it, focus returns
 * to where it was).
 *
 * @property i18n - strings for the current language
 */
export class MajlisShortcutsHelp extends LitElement {
  static override styles = [shared, styles];

  @property({ attribute: false }) i18n!: I18n;
  @query('dialog') private dialog!: HTMLDialogElement;

  get open(): boolean {
    return this.dialog?.open ?? false;
  }

  show(): void {
    if (!this.dialog.open) this.dialog.showModal();
  }

  close(): void {
    this.dialog.close();
  }

  override render() {
    const t = this.i18n;
    return html`<dialog aria-labelledby="title" @click=${this.onBackdrop}>
      <h2 id="title">${t.t('helpTitle')}</h2>
      <p>${t.t('helpIntro')}</p>
      <dl>
        ${KEYS.map(([k, label]) => html`<div><dt><kbd>${k}</kbd></dt><dd>${t.t(label)}</dd></div>`)}
      </dl>
      <form method="dialog"><button class="primary" autofocus>${t.t('close')}</button></form>
    </dialog>`;
  }

  /** A click on the backdrop (the dialog box itself, outside its content) closes it. */
  private onBackdrop(e: MouseEvent) {
    if (e.target === this.dialog) this.dialog.close();
  }
}
