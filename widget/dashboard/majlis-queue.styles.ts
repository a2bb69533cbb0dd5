import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  :host([hidden]) {
    display: none;
  }
  .bar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.75rem 1.25rem;
    margin-block-end: 1rem;
  }
  .conn {
    display: inline-flex;
    align-items: center;
    gap: 0.4rem;
    margin: 0;
    margin-inline-start: auto;
    color: var(--m-muted);
    font-size: 0.9rem;
  }
  .dot {
    inline-size: 0.6rem;
    block-size: 0.6rem;
    border-radius: 50%;
    background: var(--m-muted);
  }
  .conn-connected .dot {
    background: var(--m-approve);
  }
  .conn-reconnecting .dot {
    background: var(--m-spam);
  }
  .conn-offline .dot {
    background: var(--m-trash);
  }
  .help-btn {
    inline-size: 2.25rem;
    padding-inline: 0;
    border-radius: 50%;
    font-weight: 700;
  }
  .bulk {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 0.75rem;
    padding-block: 0.5rem;
    padding-inline: 0.75rem;
    margin-block-end: 0.75rem;
    background: var(--m-surface);
    border: 1px solid var(--m-border);
    border-radius: var(--m-radius);
    position: sticky;
    inset-block-start: 0;
    z-index: 1;
  }
  .all {
    display: inline-flex;
    align-items: center;
    gap: 0.4rem;
  }
  .selected-count {
    color: var(--m-muted);
    min-inline-size: 8rem;
  }
  .act-approve {
    color: var(--m-approve);
  }
  .act-spam {
    color: var(--m-spam);
  }
  .act-trash {
    color: var(--m-trash);
  }
  .list {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.75rem;
  }
  .quiet {
    color: var(--m-muted);
    padding-block: 2rem;
    text-align: center;
  }
  .more {
    display: block;
    margin-block: 1rem;
    margin-inline: auto;
  }
`;
