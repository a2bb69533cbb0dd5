import { AppError } from '../../errors.js';
import { codePointLength } from '../../validation/code-points.js';
import type { Phase } from '../types.js';

/**
 * Enforces the site's minLength and maxLength on the comment text, counted in
 * characters (code points, as field validation does) after trimming.
 */
export const lengthPhase: Phase = {
  name: 'length',
  run({ candidate: { content, site } }) {
    const { minLength: min, maxLength: max } = site.settings;
    const length = codePointLength(content.trim());
    if (length < min) {
      throw new AppError('validation', 422, 'validation', undefined, { content: { key: 'too_short', params: { min } } });
    }
    if (length > max) {
      throw new AppError('validation', 422, 'validation', undefined, { content: { key: 'too_long', params: { max } } });
    }
    return undefined;
  },
};
