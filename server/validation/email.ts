/**
 * The one rule for email addresses, shared by every path that takes one: posting
 * (comment-input.ts), moderators (moderators/manage.ts, usecases/auth.ts, config.ts's
 * ADMIN_EMAIL), rules (rules/manage.ts, rules/match.ts), privacy and commenter look-ups,
 * notification addresses (usecases/sites.ts, notify/cli.ts) and the imports (import/text.ts).
 */
import validator from 'validator';

/** Controls, format characters (bidi controls, zero-width) and spaces: never part of an address shown to a moderator. */
const INVISIBLE_OR_SPACE = /[\p{Cc}\p{Cf}\p{Z}\s]/u;

/**
 * Is `s` an email address? Internationalised ones count (RFC 6531: a UTF-8 local part such
 * as "مستخدم"; IDN domains such as "مثال.com" or "مثال.مصر", in Unicode or punycode), as
 * validator's isEmail accepts them with `allow_utf8_local_part` (its default; the submit path
 * turned it off, so an Arabic address was refused while moderators' and rules' checks took
 * it). Still refused: no "@", no dot-TLD domain, IP-literal domains, display names, and any
 * control, bidi/zero-width character or space (validator would let U+200E or U+202E into a
 * UTF-8 local part, where they could reorder what a moderator reads).
 */
export function isEmailAddress(s: string): boolean {
  if (s.length === 0 || s.length > 254 || INVISIBLE_OR_SPACE.test(s)) return false;
  return validator.isEmail(s, { allow_utf8_local_part: true, require_tld: true, allow_ip_domain: false, allow_display_name: false });
}

/**
 * The one stored spelling of an address: trimmed, NFC, lowercased whole (matching must not
 * depend on case). The domain keeps the form it was written in (Unicode or punycode): rows
 * already stored, and the privacy look-ups over them (privacy/address-pattern.ts), compare
 * the written form; rules compare domains in ASCII (rules/match.ts domainOfEmail).
 */
export function normalizeEmail(s: string): string {
  return s.trim().normalize('NFC').toLowerCase();
}
