import { css } from 'lit';
import { visuallyHidden } from '../shared/visually-hidden.js';

/**
 * Design tokens, set once on <majlis-dashboard> and inherited through every
 * shadow root. Calm colours for a screen kept open all day; dark mode follows
 * the system.
 */
export const tokens = css`
  :host {
    --m-font: system-ui, 'Noto Sans Arabic', 'Segoe UI', Tahoma, 'Geeza Pro', sans-serif;
    --m-bg: #f6f5f1;
    --m-surface: #ffffff;
    --m-text: #1f2328;
    --m-muted: #5b6169;
    --m-border: #d9d6cf;
    --m-accent: #0f6b63;
    --m-accent-text: #ffffff;
    --m-focus: #1d5fd1;
    --m-approve: #17663a;
    --m-spam: #8a5300;
    --m-trash: #a4282c;
    --m-notice-bg: #fff6dc;
    --m-error: #a4282c;
    --m-radius: 0.5rem;
    color-scheme: light dark;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --m-bg: #15181c;
      --m-surface: #1e2228;
      --m-text: #e7e9ec;
      --m-muted: #a3a9b2;
      --m-border: #353b44;
      --m-accent: #4fb8ad;
      --m-accent-text: #0b1f1d;
      --m-focus: #8ab4ff;
      --m-approve: #6fcf97;
      --m-spam: #f0b35a;
      --m-trash: #ff8a8e;
      --m-notice-bg: #3a3220;
      --m-error: #ff8a8e;
    }
  }
`;

/** Buttons, focus rings and screen-reader-only text shared by the dashboard's elements. */
export const shared = css`
  :host {
    font-family: var(--m-font);
    color: var(--m-text);
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  .sr-only {
    ${visuallyHidden}
  }
  button,
  input,
  select,
  textarea {
    font: inherit;
    color: inherit;
  }
  button {
    cursor: pointer;
    border: 1px solid var(--m-border);
    background: var(--m-surface);
    border-radius: var(--m-radius);
    padding-block: 0.35rem;
    padding-inline: 0.8rem;
    min-block-size: 2.25rem;
  }
  button:hover:not([disabled]) {
    border-color: var(--m-muted);
  }
  button[disabled] {
    cursor: not-allowed;
    opacity: 0.55;
  }
  button.primary {
    background: var(--m-accent);
    border-color: var(--m-accent);
    color: var(--m-accent-text);
    font-weight: 600;
  }
  :focus-visible {
    outline: 3px solid var(--m-focus);
    outline-offset: 2px;
  }
  a {
    color: var(--m-accent);
  }
  .error {
    color: var(--m-error);
  }
  kbd {
    font-family: ui-monospace, monospace;
    border: 1px solid var(--m-border);
    border-block-end-width: 2px;
    border-radius: 0.25rem;
    padding-inline: 0.35rem;
    background: var(--m-bg);
  }
`;

/** A page of cards (transfer, admins' page, audit): block host, headings, and each <section> as a card. */
export const panel = css`
  :host {
    display: block;
  }
  h2 {
    font-size: 1.3rem;
    margin-block: 0 1rem;
  }
  h3 {
    font-size: 1.1rem;
    margin-block: 0 0.5rem;
  }
  section {
    background: var(--m-surface);
    border: 1px solid var(--m-border);
    border-radius: var(--m-radius);
    padding: 1.25rem;
    margin-block-end: 1.5rem;
    display: grid;
    gap: 0.9rem;
  }
`;
