import { css } from 'lit';

/**
 * Hidden from sight, kept for screen readers (and for the honeypot, hidden from
 * people): no offset, so it never widens a page in either direction.
 */
export const visuallyHidden = css`
  position: absolute;
  inline-size: 1px;
  block-size: 1px;
  overflow: hidden;
  clip-path: inset(50%);
  white-space: nowrap;
`;
