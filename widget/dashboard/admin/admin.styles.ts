import { css } from 'lit';
import { panel } from '../shared.styles.js';

/** Shared by the admins' page sections and the audit view: cards, forms, tables, dialogs. */
export const adminStyles = css`
  ${panel}
  .intro,
  .hint {
    margin: 0;
    color: var(--m-muted);
  }
  .field {
    display: grid;
    gap: 0.3rem;
    max-inline-size: 36rem;
  }
  fieldset {
    border: 1px solid var(--m-border);
    border-radius: var(--m-radius);
    padding-block: 0.5rem 0.75rem;
    padding-inline: 0.9rem;
    max-inline-size: 36rem;
    display: grid;
    gap: 0.35rem;
  }
  legend {
    padding-inline: 0.25rem;
    font-weight: 600;
  }
  .check {
    display: flex;
    gap: 0.5rem;
    align-items: center;
  }
  .checks {
    display: flex;
    flex-wrap: wrap;
    gap: 0.35rem 1rem;
    padding-inline-start: 1.5rem;
  }
  input[type='text'],
  input[type='email'],
  input[type='password'],
  select,
  textarea {
    border: 1px solid var(--m-border);
    border-radius: var(--m-radius);
    padding-block: 0.4rem;
    padding-inline: 0.6rem;
    background: var(--m-surface);
    inline-size: 100%;
  }
  textarea {
    min-block-size: 4.5rem;
  }
  [aria-invalid='true'] {
    border-color: var(--m-error);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem;
    align-items: center;
  }
  table {
    border-collapse: collapse;
    inline-size: 100%;
  }
  th,
  td {
    text-align: start;
    padding-block: 0.45rem;
    padding-inline: 0.5rem;
    border-block-end: 1px solid var(--m-border);
    vertical-align: top;
  }
  th {
    color: var(--m-muted);
    font-weight: 600;
  }
  .status {
    margin: 0;
    min-block-size: 1.4em;
  }
  ul.plain {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.75rem;
  }
  dialog {
    border: 1px solid var(--m-border);
    border-radius: var(--m-radius);
    background: var(--m-surface);
    color: var(--m-text);
    max-inline-size: 32rem;
    padding: 1.25rem;
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.4);
  }
  dl.counts {
    display: grid;
    grid-template-columns: max-content auto;
    gap: 0.3rem 1.5rem;
    margin: 0;
  }
  dl.counts dt {
    color: var(--m-muted);
  }
  dl.counts dd {
    margin: 0;
    font-weight: 700;
    font-variant-numeric: tabular-nums;
  }
  .ltr {
    direction: ltr;
    unicode-bidi: isolate;
  }
`;
