import { createHmac } from 'node:crypto';
import { rateKey } from '../http/request.js';

/**
 * The voter of a report: a keyed hash (HMAC-SHA-256 with the server secret) of the client's
 * network as rate limits see it (the IPv4 address, or the IPv6 /64, http/request.ts rateKey).
 * Stored with each report so one address counts once whatever reader ids it sends; the IP
 * itself is never stored, and without the secret the hash cannot be tied back to it.
 * 22 base64url characters (132 bits).
 */
export function voterOf(secret: string, ip: string): string {
  return createHmac('sha256', secret).update(`reader-network:${rateKey(ip)}`).digest('base64url').slice(0, 22);
}
