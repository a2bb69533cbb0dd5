import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * A new string id that sorts by creation time (to the millisecond): ten base36
 * digits of the clock, then ten random base36 characters so two processes
 * creating ids in the same millisecond never collide.
 */
export function newId(now: number = Date.now()): string {
  const time = now.toString(36).padStart(10, '0');
  const bytes = randomBytes(10);
  let suffix = '';
  for (const b of bytes) suffix += ALPHABET[b % 36];
  return time + suffix;
}
