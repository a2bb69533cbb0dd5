import { css } from 'lit';

/** The status tabs, rendered inside the queue's shadow root so tab and panel can reference each other. */
export const tabStyles = css`
  [role='tablist'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem;
    border-block-end: 1px solid var(--m-border);
  }
  .tab {
    border: none;
    border-start-start-radius: var(--m-radius);
    border-start-end-radius: var(--m-radius);
    background: transparent;
    padding-inline: 0.9rem;
    min-block-size: 2.6rem;
    border-block-end: 3px solid transparent;
    display: inline-flex;
    align-items: center;
    gap: 0.45rem;
    color: var(--m-muted);
  }
  .tab[aria-selected='true'] {
    color: var(--m-text);
    font-weight: 650;
    border-block-end-color: var(--m-accent);
  }
  .count {
    min-inline-size: 1.6rem;
    padding-inline: 0.4rem;
    border-radius: 999px;
    background: var(--m-bg);
    border: 1px solid var(--m-border);
    font-size: 0.85rem;
    text-align: center;
  }
  .tab[data-status='pending'] .count {
    background: var(--m-accent);
    border-color: var(--m-accent);
    color: var(--m-accent-text);
  }
`;
