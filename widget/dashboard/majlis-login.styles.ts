import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    max-inline-size: 24rem;
    margin-block: 10vh;
    margin-inline: auto;
  }
  form {
    display: grid;
    gap: 1rem;
    background: var(--m-surface);
    border: 1px solid var(--m-border);
    border-radius: var(--m-radius);
    padding: 1.75rem;
  }
  h1 {
    margin: 0;
    font-size: 1.4rem;
  }
  .intro {
    margin: 0;
    color: var(--m-muted);
  }
  .field {
    display: grid;
    gap: 0.3rem;
  }
  label {
    font-weight: 600;
  }
  input {
    border: 1px solid var(--m-border);
    border-radius: var(--m-radius);
    padding-block: 0.5rem;
    padding-inline: 0.7rem;
    background: var(--m-bg);
    text-align: start;
  }
  input[aria-invalid='true'] {
    border-color: var(--m-error);
  }
  input[dir='ltr'] {
    text-align: end;
  }
  :host(:dir(ltr)) input[dir='ltr'] {
    text-align: start;
  }
  .error {
    margin: 0;
  }
  .message:empty {
    display: none;
  }
`;
