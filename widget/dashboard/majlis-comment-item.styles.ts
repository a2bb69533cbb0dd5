import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    border-radius: var(--m-radius);
  }
  :host(:focus) {
    outline: none;
  }
  :host(:focus-visible) .item,
  :host(:focus) .item {
    outline: 3px solid var(--m-focus);
    outline-offset: 2px;
  }
  .item {
    background: var(--m-surface);
    border: 1px solid var(--m-border);
    border-radius: var(--m-radius);
    padding-block: 0.9rem;
    padding-inline: 1rem;
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: 0.6rem;
  }
  :host([fresh]) .item {
    animation: slide-in 320ms ease-out;
  }
  @keyframes slide-in {
    from {
      opacity: 0;
      transform: translateY(-0.75rem);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    :host([fresh]) .item {
      animation: none;
    }
  }
  :host([decided]) .item {
    background: transparent;
    border-style: dashed;
    padding-block: 0.6rem;
  }
  header {
    display: flex;
    align-items: center;
    gap: 0.75rem;
  }
  .select input {
    inline-size: 1.15rem;
    block-size: 1.15rem;
    margin: 0;
  }
  .avatar {
    border-radius: 50%;
    flex: none;
    background: var(--m-bg);
  }
  .who {
    display: grid;
    min-inline-size: 0;
    flex: 1;
  }
  .name {
    font-weight: 650;
  }
  .contact {
    display: flex;
    flex-wrap: wrap;
    column-gap: 0.9rem;
    color: var(--m-muted);
    font-size: 0.9rem;
    overflow-wrap: anywhere;
  }
  time {
    color: var(--m-muted);
    font-size: 0.9rem;
    white-space: nowrap;
  }
  .decider {
    margin: 0;
    font-weight: 600;
  }
  .status-approved {
    color: var(--m-approve);
  }
  .status-spam {
    color: var(--m-spam);
  }
  .status-trash {
    color: var(--m-trash);
  }
  .facts {
    display: flex;
    flex-wrap: wrap;
    gap: 0.35rem 1.5rem;
    margin: 0;
    font-size: 0.9rem;
  }
  .facts > div {
    display: flex;
    gap: 0.4rem;
    min-inline-size: 0;
  }
  dt {
    color: var(--m-muted);
  }
  dt::after {
    content: ':';
  }
  dd {
    margin: 0;
    min-inline-size: 0;
  }
  .ua dd {
    max-inline-size: min(28rem, 100%);
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .key {
    color: var(--m-muted);
    margin-inline-start: 0.4rem;
  }
  .reply {
    margin-inline-start: 0.6rem;
    color: var(--m-muted);
  }
  .reasons {
    flex-basis: 100%;
  }
  .reasons ul {
    display: flex;
    flex-wrap: wrap;
    gap: 0.35rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .reasons li {
    background: var(--m-notice-bg);
    border-radius: 999px;
    padding-inline: 0.6rem;
  }
  .text {
    margin: 0;
    white-space: pre-line;
    overflow-wrap: anywhere;
    line-height: 1.75;
    font-size: 1.05rem;
  }
  .text > div:empty {
    min-block-size: 1lh;
  }
  .clamp {
    display: -webkit-box;
    -webkit-line-clamp: 2;
    -webkit-box-orient: vertical;
    overflow: hidden;
    color: var(--m-muted);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    justify-content: flex-start;
  }
  .act-approve {
    border-color: var(--m-approve);
    color: var(--m-approve);
    font-weight: 600;
  }
  .act-spam {
    color: var(--m-spam);
  }
  .act-trash {
    color: var(--m-trash);
  }
  .notice {
    margin: 0;
    background: var(--m-notice-bg);
    border-radius: var(--m-radius);
    padding-block: 0.4rem;
    padding-inline: 0.7rem;
  }
  /* moderator tools (issue 13) */
  .who-btn {
    all: unset;
    cursor: pointer;
    border-radius: 0.25rem;
    text-decoration: underline dotted;
    text-underline-offset: 0.2em;
  }
  .who-btn:focus-visible {
    outline: 3px solid var(--m-focus);
    outline-offset: 2px;
  }
  .chip {
    font-size: 0.85rem;
    border: 1px solid currentColor;
    border-radius: 999px;
    padding-inline: 0.5rem;
    white-space: nowrap;
  }
  .edited {
    color: var(--m-muted);
    font-size: 0.85rem;
  }
  .reply-to {
    margin: 0;
    padding-inline-start: 0.75rem;
    border-inline-start: 3px solid var(--m-border);
    color: var(--m-muted);
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 0.75rem;
  }
  .page-btn {
    margin-inline-start: 0.6rem;
    min-block-size: auto;
    padding-block: 0;
    font-size: 0.85rem;
  }
  .tools {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  .tools button {
    font-size: 0.9rem;
  }
  /* an IP or browser that is not kept: quieter than a value */
  .not-kept {
    color: var(--m-muted);
  }
`;
