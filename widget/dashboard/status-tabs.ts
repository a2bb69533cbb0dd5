import { html, nothing } from 'lit';
import type { I18n, Key } from './i18n/i18n.js';
import { STATUSES, type CommentStatus, type StatusCounts } from './types.js';

/**
 * The pending / approved / spam / trash tabs (role=tablist) with their live
 * counts. A template rather than an element: the tabs and the panel they
 * control must share one shadow root for aria-controls / aria-labelledby.
 * Arrow keys follow reading order (right-to-left in Arabic); Home/End jump to the ends.
 */
export function renderTabs(o: {
  i18n: I18n;
  selected: CommentStatus;
  counts: StatusCounts | null;
  panel: string;
  choose(s: CommentStatus, focus: boolean): void;
}) {
  const t = o.i18n;
  const onKey = (e: KeyboardEvent) => {
    const i = STATUSES.indexOf(o.selected);
    const forward = t.dir === 'rtl' ? 'ArrowLeft' : 'ArrowRight';
    const back = t.dir === 'rtl' ? 'ArrowRight' : 'ArrowLeft';
    const last = STATUSES.length - 1;
    const next = e.key === forward ? (i + 1) % STATUSES.length : e.key === back ? (i + last) % STATUSES.length : e.key === 'Home' ? 0 : e.key === 'End' ? last : null;
    if (next === null) return;
    e.preventDefault();
    o.choose(STATUSES[next]!, true);
  };
  return html`<div role="tablist" aria-label=${t.t('tabsLabel')} @keydown=${onKey}>
    ${STATUSES.map((s) => {
      const n = o.counts?.[s];
      return html`<button
        type="button"
        role="tab"
        id="tab-${s}"
        class="tab"
        aria-selected=${s === o.selected ? 'true' : 'false'}
        aria-controls=${o.panel}
        tabindex=${s === o.selected ? 0 : -1}
        data-status=${s}
        @click=${() => o.choose(s, false)}
      >
        <span class="label">${t.t(`status_${s}` as Key)}</span>
        ${n === undefined
          ? nothing
          : html`<span class="count" aria-hidden="true">${t.num(n)}</span><span class="sr-only">(${t.t('commentCount', { count: n })})</span>`}
      </button>`;
    })}
  </div>`;
}
