import { html, type TemplateResult } from 'lit';

/**
 * A comment's plain text, one block per line, each taking its own direction
 * (`dir="auto"`), as the reader widget shows it: an English first line must not
 * turn the Arabic lines after it left to right. Give empty lines their height in
 * CSS (`.text > div:empty { min-block-size: 1lh }`).
 */
export const textLines = (text: string): TemplateResult[] => text.split('\n').map((line) => html`<div dir="auto">${line}</div>`);
