import { html, nothing, type TemplateResult } from 'lit';
import type { I18n } from '../i18n/i18n.js';
import type { ModeratorComment } from '../types.js';
import { canFeature, REPORT_REASONS, type SignalAction } from './model.js';
import { rs, type SignalKey } from './strings.js';

/** The «مختار» badge beside the date of a featured comment. */
export function featuredBadge(c: ModeratorComment, i18n: I18n): TemplateResult | typeof nothing {
  return c.featured ? html`<span class="chip featured-badge">${rs(i18n, 'featuredBadge')}</span>` : nothing;
}

/** The likes count, small, in the locale's digits («٣ إعجابات» / "3 likes"); nothing when none. */
export function likesLine(c: ModeratorComment, i18n: I18n): TemplateResult | typeof nothing {
  return c.likes > 0 ? html`<span class="likes">${rs(i18n, 'likes', { count: c.likes })}</span>` : nothing;
}

/** «أبلغ عنه ٣ قرّاء» / "Reported by 3 readers", plural-aware. */
export function reportedByText(c: ModeratorComment, i18n: I18n): string {
  return rs(i18n, 'reportedBy', { count: c.reports.count });
}

/**
 * The readers' reports of a comment: how many readers, the count of each reason
 * (only reasons given), and the readers' notes as text (dir=auto, isolated). Nothing when
 * the comment has no reports. (`dir=auto` sits on the <bdi>: an element's own dir=auto skips
 * the text inside a <bdi>, so on the <li> it would always read left-to-right.)
 */
export function reportsBlock(c: ModeratorComment, i18n: I18n): TemplateResult | typeof nothing {
  const r = c.reports;
  if (!r || r.count <= 0) return nothing;
  const given = REPORT_REASONS.filter((k) => r.reasons[k] > 0);
  return html`<section class="reports" aria-label=${reportedByText(c, i18n)}>
    <p class="reports-head"><strong>${reportedByText(c, i18n)}</strong></p>
    ${given.length
      ? html`<ul class="report-reasons" aria-label=${rs(i18n, 'reasonsLabel')}>
          ${given.map((k) => html`<li data-reason=${k}>${rs(i18n, 'reasonCount', { reason: rs(i18n, `reason_${k}` as SignalKey), count: r.reasons[k] })}</li>`)}
        </ul>`
      : nothing}
    ${r.notes.length
      ? html`<ul class="report-notes" aria-label=${rs(i18n, 'notesLabel')}>
          ${r.notes.map((n) => html`<li><bdi dir="auto">${n}</bdi></li>`)}
        </ul>`
      : nothing}
  </section>`;
}

/**
 * The buttons of the readers' features, beside the item's actions: the «تمييز» toggle
 * (aria-pressed, key `f`) on comments that can be featured or are featured, and
 * «تجاهل البلاغات» when there are reports.
 */
export function signalButtons(c: ModeratorComment, i18n: I18n, busy: boolean, emit: (a: SignalAction) => void): TemplateResult | typeof nothing {
  const showFeature = c.featured || canFeature(c);
  const showDismiss = c.reports.count > 0;
  if (!showFeature && !showDismiss) return nothing;
  return html`${showFeature
    ? html`<button
        type="button"
        class="act act-feature"
        aria-pressed=${c.featured ? 'true' : 'false'}
        aria-keyshortcuts="f"
        ?disabled=${busy}
        @click=${() => emit(c.featured ? 'unfeature' : 'feature')}
      >
        <span class="star" aria-hidden="true">${c.featured ? '★' : '☆'}</span> ${rs(i18n, 'feature')}
      </button>`
    : nothing}
  ${showDismiss
    ? html`<button type="button" class="act act-dismiss_reports" ?disabled=${busy} @click=${() => emit('dismiss_reports')}>${rs(i18n, 'dismiss')}</button>`
    : nothing}`;
}
