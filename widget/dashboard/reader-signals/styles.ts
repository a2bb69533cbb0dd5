import { css } from 'lit';

/** Styles of the readers' signals on a queue item: logical properties only, so RTL and LTR both hold. */
export const signalStyles = css`
  .featured-badge {
    background: var(--m-notice-bg);
    color: var(--m-text);
    border: 1px solid var(--m-border);
    border-radius: 999px;
    padding-inline: 0.5rem;
    font-size: 0.8rem;
    font-weight: 600;
  }
  .likes {
    font-size: 0.8rem;
    color: var(--m-muted);
  }
  .reports {
    border-inline-start: 4px solid var(--m-trash);
    padding-inline-start: 0.75rem;
    display: grid;
    gap: 0.3rem;
  }
  .reports-head {
    margin: 0;
  }
  .report-reasons {
    display: flex;
    flex-wrap: wrap;
    gap: 0.3rem 1rem;
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .report-notes {
    margin: 0;
    padding-inline-start: 1.2rem;
    font-size: 0.9rem;
  }
  .act-feature[aria-pressed='true'] {
    background: var(--m-accent);
    color: var(--m-accent-text);
    border-color: var(--m-accent);
    font-weight: 700;
  }
`;
