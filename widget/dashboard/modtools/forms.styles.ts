import { css } from 'lit';

/** Dialogs and forms of the moderator tools (rules, edit, reply): logical properties only. */
export const formStyles = css`
  dialog {
    border: 1px solid var(--m-border);
    border-radius: var(--m-radius);
    background: var(--m-surface);
    color: var(--m-text);
    padding-block: 1.25rem;
    padding-inline: 1.5rem;
    inline-size: min(34rem, 94vw);
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.4);
  }
  h2 {
    margin-block: 0 0.75rem;
    font-size: 1.2rem;
  }
  form {
    display: grid;
    gap: 0.9rem;
  }
  fieldset {
    border: 1px solid var(--m-border);
    border-radius: var(--m-radius);
    padding-block: 0.5rem 0.75rem;
    padding-inline: 0.9rem;
    margin: 0;
    display: grid;
    gap: 0.45rem;
  }
  legend {
    font-weight: 700;
    padding-inline: 0.3rem;
  }
  .field {
    display: grid;
    gap: 0.3rem;
  }
  .field > label,
  .label {
    font-weight: 600;
  }
  .choice {
    display: flex;
    gap: 0.5rem;
    align-items: baseline;
  }
  input[type='text'],
  input[type='url'],
  input[type='search'],
  select,
  textarea {
    border: 1px solid var(--m-border);
    border-radius: var(--m-radius);
    padding-block: 0.35rem;
    padding-inline: 0.6rem;
    background: var(--m-bg);
    min-block-size: 2.25rem;
  }
  textarea {
    min-block-size: 6rem;
    resize: vertical;
    line-height: 1.6;
  }
  .hint {
    color: var(--m-muted);
    font-size: 0.9rem;
    margin: 0;
  }
  .problem {
    margin: 0;
    color: var(--m-error);
    background: var(--m-notice-bg);
    border-radius: var(--m-radius);
    padding-block: 0.4rem;
    padding-inline: 0.7rem;
  }
  .buttons {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    justify-content: flex-end;
  }
`;
