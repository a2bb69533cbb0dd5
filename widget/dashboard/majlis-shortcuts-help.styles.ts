import { css } from 'lit';

export const styles = css`
  dialog {
    border: 1px solid var(--m-border);
    border-radius: var(--m-radius);
    background: var(--m-surface);
    color: var(--m-text);
    padding-block: 1.25rem;
    padding-inline: 1.5rem;
    max-inline-size: min(30rem, 92vw);
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.4);
  }
  h2 {
    margin-block: 0 0.5rem;
    font-size: 1.2rem;
  }
  dl {
    display: grid;
    gap: 0.4rem;
    margin-block: 1rem;
  }
  dl > div {
    display: flex;
    gap: 0.8rem;
    align-items: baseline;
  }
  dt {
    min-inline-size: 2rem;
  }
  dd {
    margin: 0;
  }
  form {
    display: flex;
    justify-content: flex-end;
  }
`;
