import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  :host([hidden]) {
    display: none;
  }
  h2 {
    font-size: 1.3rem;
    margin-block: 0 1rem;
  }
  h3 {
    font-size: 1.1rem;
    margin: 0;
  }
  form {
    display: grid;
    gap: 1rem;
    background: var(--m-surface);
    border: 1px solid var(--m-border);
    border-radius: var(--m-radius);
    padding: 1.25rem;
    margin-block-end: 1.5rem;
  }
  fieldset {
    border: 1px solid var(--m-border);
    border-radius: var(--m-radius);
    padding-block: 0.75rem 1rem;
    padding-inline: 1rem;
    display: grid;
    gap: 0.9rem;
    margin: 0;
  }
  legend {
    font-weight: 700;
    padding-inline: 0.4rem;
  }
  .field {
    display: grid;
    gap: 0.3rem;
    max-inline-size: 40rem;
  }
  .field.check {
    grid-template-columns: auto 1fr;
    align-items: start;
    column-gap: 0.6rem;
  }
  .field.check .error {
    grid-column: 2;
  }
  .check input {
    inline-size: 1.15rem;
    block-size: 1.15rem;
    margin-block-start: 0.2rem;
  }
  label {
    font-weight: 600;
  }
  .hint {
    margin: 0;
    color: var(--m-muted);
    font-size: 0.9rem;
  }
  input[type='number'],
  input:not([type]),
  textarea {
    border: 1px solid var(--m-border);
    border-radius: var(--m-radius);
    padding-block: 0.45rem;
    padding-inline: 0.65rem;
    background: var(--m-bg);
  }
  input[type='number'] {
    inline-size: 9rem;
  }
  [aria-invalid='true'] {
    border-color: var(--m-error);
  }
  .error,
  .ok {
    margin: 0;
  }
  .ok {
    color: var(--m-approve);
  }
  .footer,
  .buttons {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.75rem;
  }
`;
