import { createHmac } from 'node:crypto';

/**
 * Avatars are named by an HMAC of the normalised email with the server secret:
 * stable per author on this server, but not reversible to the email and not
 * linkable across servers (unlike Gravatar's plain hash).
 */
export function avatarKey(secret: string, email: string): string {
  return createHmac('sha256', secret).update(`avatar:${email.trim().toLowerCase()}`).digest('hex').slice(0, 32);
}

export const avatarPath = (key: string) => `/avatar/${key}.svg`;

/**
 * The avatar an author is shown on their own comment until it is approved (a blank identicon).
 * Their real one is drawn from the email they typed; handing it back at once for any address
 * would let anyone post with a guessed email and compare avatars with the public comments:
 * an online oracle that undoes "not reversible to the email". Once approved, the comment shows
 * its avatar to everyone, the author included.
 */
export const HELD_AVATAR = avatarPath('0'.repeat(32));

/** A 5×5 mirrored identicon drawn from the key's bits. */
export function identiconSvg(key: string): string {
  const bytes = Buffer.from(key.padEnd(32, '0').slice(0, 32), 'hex');
  const hue = ((bytes[0] ?? 0) * 360) / 256;
  const fg = `hsl(${hue.toFixed(0)} 55% 45%)`;
  const cells: string[] = [];
  for (let row = 0; row < 5; row++) {
    for (let col = 0; col < 3; col++) {
      const bit = ((bytes[1 + row] ?? 0) >> col) & 1;
      if (!bit) continue;
      cells.push(`<rect x="${col}" y="${row}" width="1" height="1"/>`);
      if (col < 2) cells.push(`<rect x="${4 - col}" y="${row}" width="1" height="1"/>`);
    }
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="-0.5 -0.5 6 6" width="48" height="48"><rect x="-0.5" y="-0.5" width="6" height="6" fill="hsl(${hue.toFixed(0)} 40% 94%)"/><g fill="${fg}">${cells.join('')}</g></svg>`;
}
