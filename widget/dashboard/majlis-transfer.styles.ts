import { css } from 'lit';
import { panel } from './shared.styles.js';

export const styles = css`
  ${panel}
  .field {
    display: grid;
    gap: 0.3rem;
    max-inline-size: 36rem;
  }
  .check {
    display: flex;
    gap: 0.5rem;
    align-items: center;
  }
  .hint,
  .intro {
    margin: 0;
    color: var(--m-muted);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem;
    align-items: center;
  }
  progress {
    inline-size: 100%;
    max-inline-size: 36rem;
  }
  dl {
    display: grid;
    grid-template-columns: max-content auto;
    gap: 0.3rem 1.5rem;
    margin: 0;
  }
  dt {
    color: var(--m-muted);
  }
  dd {
    margin: 0;
    font-weight: 700;
    font-variant-numeric: tabular-nums;
  }
  ul {
    margin: 0;
    padding-inline-start: 1.25rem;
  }
  /* The parser's own words: secondary, on their own line. */
  .detail {
    display: block;
    color: var(--m-muted);
    font-size: 0.875em;
  }
  a.download {
    display: inline-block;
    padding-block: 0.5rem;
    padding-inline: 1rem;
    border: 1px solid var(--m-border);
    border-radius: var(--m-radius);
    color: inherit;
    text-decoration: none;
  }
  a.download:hover,
  a.download:focus-visible {
    text-decoration: underline;
  }
`;
