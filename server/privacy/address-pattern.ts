/**
 * A pattern finding one email address inside text (a mail's body, a JSON payload), any case,
 * and only as a whole address: `sara@example.com` is found in `«sara@example.com»` or
 * `"email":"sara@example.com"`, not inside `xsara@example.community`. Used by both store
 * adapters' privacy erase of the outbox (JavaScript and MongoDB read the same syntax).
 */
export function addressPattern(email: string): RegExp {
  const escaped = email.trim().toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![A-Za-z0-9._%+-])${escaped}(?![A-Za-z0-9_-]|\\.[A-Za-z0-9])`, 'i');
}
