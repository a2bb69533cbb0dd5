import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    min-block-size: 100vh;
    background: var(--m-bg);
    line-height: 1.5;
  }
  .top {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.75rem 1.25rem;
    padding-block: 0.75rem;
    padding-inline: max(1rem, calc((100% - 72rem) / 2));
    background: var(--m-surface);
    border-block-end: 1px solid var(--m-border);
  }
  .brand {
    display: inline-flex;
    align-items: center;
    gap: 0.5rem;
    margin: 0;
    font-weight: 700;
    font-size: 1.15rem;
  }
  .logo {
    display: inline-grid;
    place-items: center;
    inline-size: 2rem;
    block-size: 2rem;
    border-radius: var(--m-radius);
    background: var(--m-accent);
    color: var(--m-accent-text);
  }
  nav {
    display: flex;
    gap: 0.35rem;
  }
  nav button[aria-pressed='true'] {
    background: var(--m-accent);
    border-color: var(--m-accent);
    color: var(--m-accent-text);
  }
  .site {
    display: inline-flex;
    align-items: center;
    gap: 0.4rem;
  }
  select {
    border: 1px solid var(--m-border);
    border-radius: var(--m-radius);
    padding-block: 0.3rem;
    padding-inline: 0.5rem;
    background: var(--m-bg);
  }
  .lang {
    margin-inline-start: auto;
  }
  .me {
    margin: 0;
    color: var(--m-muted);
  }
  main {
    max-inline-size: 72rem;
    margin-inline: auto;
    padding-block: 1.25rem 3rem;
    padding-inline: 1rem;
  }
  .quiet {
    color: var(--m-muted);
    text-align: center;
    padding-block: 3rem;
  }
`;
