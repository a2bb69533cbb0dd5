import { html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import { bdi, fill } from '../i18n/index.js';
import type { Reason } from './api.js';
import type { ReaderStrings } from '../i18n/reader.js';

const REASONS: Reason[] = ['spam', 'abuse', 'off_topic', 'other'];

/** What the report dialog shows and does. */
export interface ReportState {
  name: string;
  reason: Reason | null;
  note: string;
  busy: boolean;
  error: string;
}

/**
 * The report dialog: a native modal `<dialog>` (focus moves into it and is kept
 * there, Escape closes it), a radio group of reasons and an optional note (≤ 500).
 * The caller opens it with showModal() after render and returns focus on close.
 */
export function reportDialog(
  s: ReaderStrings,
  r: ReportState,
  on: { reason(r: Reason): void; note(t: string): void; send(): void; close(): void },
) {
  return html`<dialog class="dlg" aria-labelledby="rep-h" @cancel=${(e: Event) => (e.preventDefault(), on.close())}>
    <form novalidate @submit=${(e: Event) => (e.preventDefault(), on.send())}>
      <h3 id="rep-h">${fill(s.reportTitle, { name: bdi(r.name) })}</h3>
      <fieldset>
        <legend>${s.reasonLegend}</legend>
        ${REASONS.map(
          (k) => html`<label><input type="radio" name="reason" value=${k} .checked=${live(r.reason === k)} @change=${() => on.reason(k)} />
            ${s.reasons[k]}</label>`,
        )}
      </fieldset>
      <label class="note" for="rep-note">${s.note}</label>
      <textarea id="rep-note" rows="3" maxlength="500" dir="auto" .value=${live(r.note)}
        @input=${(e: Event) => on.note((e.target as HTMLTextAreaElement).value)}></textarea>
      ${r.error ? html`<p class="err" role="alert">${r.error}</p>` : nothing}
      <div class="row">
        <button class="btn" type="submit" aria-disabled=${r.busy || !r.reason ? 'true' : 'false'}>${s.send}</button>
        <button class="btn plain" type="button" @click=${on.close}>${s.cancel}</button>
      </div>
    </form>
  </dialog>`;
}
