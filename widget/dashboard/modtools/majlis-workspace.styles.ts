import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  :host([hidden]) {
    display: none;
  }
  .tools {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 0.75rem;
  }
  .search {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
    flex: 1 1 28rem;
  }
  .search label {
    font-weight: 600;
  }
  .search input {
    flex: 1 1 16rem;
  }
  .rules-btn[aria-pressed='true'] {
    background: var(--m-accent);
    border-color: var(--m-accent);
    color: var(--m-accent-text);
  }
  .hint {
    margin-block: 0.3rem 0;
  }
  .syntax {
    margin-block: 0.3rem 1rem;
    font-size: 0.9rem;
  }
  .syntax summary {
    cursor: pointer;
    color: var(--m-accent);
  }
  .syntax ul {
    margin-block: 0.4rem 0;
    padding-inline-start: 1.25rem;
    display: grid;
    gap: 0.2rem;
  }
  .layout.with-panel {
    display: grid;
    grid-template-columns: minmax(0, 1fr) minmax(17rem, 25rem);
    gap: 1rem;
    align-items: start;
  }
  .main {
    min-inline-size: 0;
  }
  aside {
    position: sticky;
    inset-block-start: 0.5rem;
    max-block-size: calc(100vh - 1rem);
    overflow: auto;
  }
  @media (max-width: 56rem) {
    .layout.with-panel {
      grid-template-columns: minmax(0, 1fr);
    }
    aside {
      position: static;
      max-block-size: none;
      order: -1;
    }
  }
`;
