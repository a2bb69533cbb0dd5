import { css } from 'lit';
import { visuallyHidden } from '../shared/visually-hidden.js';

// Dark defaults, used by theme="dark" and by theme="auto" (the default) when the reader prefers dark.
// The background stays the page's own (transparent, as in light mode): only text and fields adapt.
const dark = css`
  --_accent: var(--majlis-accent, #5fd0b5);
  --_on-accent: var(--majlis-on-accent, #0c1a17);
  --_bg: var(--majlis-bg, transparent);
  --_fg: var(--majlis-fg, #e7e9ec);
  --_muted: var(--majlis-muted, #a9afb7);
  --_border: var(--majlis-border, #3a3f47);
  --_field: var(--majlis-field-bg, #1f2228);
  --_error: var(--majlis-error, #ff8a80);
  --_pending: var(--majlis-pending-bg, #2b2717);
  --_pad: var(--majlis-padding, var(--_s));
  color-scheme: dark;
`;

/**
 * Every colour, the radius, spacing and font are custom properties; layout uses logical properties only.
 * `majlis-comment-form:not(:defined)` holds the form's area (39rem, about its height at 1000 px wide)
 * while its chunk loads just after first paint, so nothing below it jumps (REVIEW14 item 9).
 */
export const styles = css`
  :host {
    --_accent: var(--majlis-accent, #0f6e5c);
    --_on-accent: var(--majlis-on-accent, #fff);
    --_bg: var(--majlis-bg, transparent);
    --_fg: var(--majlis-fg, #1d2327);
    --_muted: var(--majlis-muted, #595f67);
    --_border: var(--majlis-border, #cfd3d8);
    --_field: var(--majlis-field-bg, #fff);
    --_error: var(--majlis-error, #b32d2e);
    --_pending: var(--majlis-pending-bg, #fdf5de);
    --_r: var(--majlis-radius, 6px);
    --_s: var(--majlis-space, 1rem);
    --_pad: var(--majlis-padding, 0);
    display: block;
    font-family: var(--majlis-font, inherit);
    line-height: 1.6;
    color: var(--_fg);
  }
  :host([hidden]) {
    display: none;
  }
  :host([theme='dark']) {
    ${dark}
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${dark}
    }
  }
  .root {
    background: var(--_bg);
    padding-block: var(--_s);
    padding-inline: var(--_pad);
  }
  h2 {
    margin-block: 0 var(--_s);
    font-size: 1.4em;
  }
  ol {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .children {
    margin-inline-start: calc(var(--_s) * 1.25);
    padding-inline-start: var(--_s);
    border-inline-start: 2px solid var(--_border);
  }
  .comment {
    display: flex;
    gap: 0.75rem;
    padding-block: calc(var(--_s) * 0.75);
    padding-inline: calc(var(--_s) * 0.5);
    border-radius: var(--_r);
  }
  .comment:focus {
    outline: none;
  }
  .comment:focus-visible,
  :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .pending {
    background: var(--_pending);
  }
  .fresh {
    animation: arrive 2.5s ease-out;
  }
  @keyframes arrive {
    from {
      box-shadow: inset 0 0 0 2px var(--_accent);
    }
  }
  .linked {
    animation: arrive 3s ease-out;
    background: color-mix(in srgb, var(--_accent) 8%, transparent);
  }
  @media (prefers-reduced-motion: reduce) {
    .fresh,
    .linked {
      animation: none;
    }
  }
  .permalink {
    color: inherit;
    text-decoration: none;
  }
  .permalink:hover {
    text-decoration: underline;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 1rem;
  }
  .avatar {
    flex: none;
    border-radius: 50%;
    background: var(--_border);
  }
  .body {
    flex: 1;
    min-inline-size: 0;
  }
  header {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0 0.75rem;
  }
  .author {
    font-weight: 700;
  }
  time,
  .muted,
  .status {
    color: var(--_muted);
    font-size: 0.875em;
  }
  /* No slanted text: Arabic fonts have no italics and browsers would fake them. */
  .awaiting {
    margin: 0;
    font-weight: 600;
  }
  .content {
    margin-block: 0.25rem;
    white-space: pre-line;
    overflow-wrap: anywhere;
  }
  majlis-comment-form:not(:defined) {
    display: block;
    min-block-size: 39rem;
  }
  .content > div:empty {
    min-block-size: 1lh;
  }
  a {
    color: var(--_accent);
  }
  button {
    font: inherit;
    cursor: pointer;
  }
  .reply {
    padding-block: 0.15rem;
    padding-inline: 0;
    border: 0;
    background: none;
    color: var(--_accent);
    font-size: 0.9em;
    font-weight: 600;
  }
  .more,
  .retry {
    margin-block: var(--_s);
    padding-block: 0.5rem;
    padding-inline: 1rem;
    border: 1px solid var(--_accent);
    border-radius: var(--_r);
    background: none;
    color: var(--_accent);
  }
  .notice {
    margin-block: var(--_s);
    padding-block: 0.5rem;
    padding-inline: 0.75rem;
    border-inline-start: 4px solid var(--_border);
  }
  .notice.error {
    border-inline-start-color: var(--_error);
  }
  .notice p {
    margin: 0;
  }
  .sr {
    ${visuallyHidden}
  }
`;
