import { css } from 'lit';
import { visuallyHidden } from '../shared/visually-hidden.js';

/** Colours, radius and spacing come from the `--_*` values set on <majlis-comments>. Logical properties only. */
export const styles = css`
  :host {
    display: block;
    margin-block: var(--_s);
  }
  form {
    position: relative;
    display: grid;
    gap: calc(var(--_s) * 0.75);
    max-inline-size: 42rem;
  }
  h3 {
    margin: 0;
    font-size: 1.25em;
  }
  p {
    margin: 0;
  }
  .notes {
    color: var(--_muted);
    font-size: 0.9em;
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
  }
  label {
    font-weight: 600;
  }
  .req,
  .err {
    color: var(--_error);
  }
  input,
  textarea,
  button {
    font: inherit;
    color: inherit;
  }
  input:not([type='checkbox']),
  textarea {
    box-sizing: border-box;
    inline-size: 100%;
    padding-block: 0.5rem;
    padding-inline: 0.65rem;
    border: 1px solid var(--_border);
    border-radius: var(--_r);
    background: var(--_field);
  }
  textarea {
    resize: vertical;
    min-block-size: 8em;
  }
  [aria-invalid='true'] {
    border-color: var(--_error);
    box-shadow: 0 0 0 1px var(--_error);
  }
  .err,
  .counter {
    font-size: 0.9em;
  }
  .counter {
    color: var(--_muted);
  }
  .check {
    flex-direction: row;
    align-items: flex-start;
  }
  .check input {
    margin-block-start: 0.35em;
    margin-inline: 0 0.5rem;
    accent-color: var(--_accent);
  }
  .check label {
    font-weight: normal;
  }
  .hp {
    ${visuallyHidden}
  }
  .msg {
    padding-block: 0.5rem;
    padding-inline: 0.75rem;
    border-inline-start: 4px solid var(--_error);
    background: var(--_field);
  }
  button[type='submit'] {
    padding-block: 0.6rem;
    padding-inline: 1.25rem;
    border: 0;
    border-radius: var(--_r);
    background: var(--_accent);
    color: var(--_on-accent);
    font-weight: 600;
    cursor: pointer;
  }
  button[aria-disabled='true'] {
    opacity: 0.7;
    cursor: progress;
  }
  .cancel {
    margin-inline-start: 0.5rem;
    padding: 0;
    border: 0;
    background: none;
    color: var(--_accent);
    font-size: 0.75em;
    font-weight: normal;
    text-decoration: underline;
    cursor: pointer;
  }
  :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
`;
