import type { ModerationAction } from './types.js';

/** `feature` (key f, issue 14): features the focused comment, or unfeatures it when it is featured. */
export type Command = { kind: 'move'; by: 1 | -1 } | { kind: 'act'; action: ModerationAction } | { kind: 'select' } | { kind: 'feature' } | { kind: 'help' };

const BY_LETTER: Record<string, Command> = {
  j: { kind: 'move', by: 1 },
  k: { kind: 'move', by: -1 },
  a: { kind: 'act', action: 'approve' },
  s: { kind: 'act', action: 'spam' },
  d: { kind: 'act', action: 'trash' },
  u: { kind: 'act', action: 'pending' },
  r: { kind: 'act', action: 'restore' },
  x: { kind: 'select' },
  f: { kind: 'feature' },
};

/** True when the key press belongs to a field the moderator is typing in. */
function typing(e: KeyboardEvent): boolean {
  const target = e.composedPath()[0];
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(target.type);
  return false;
}

/**
 * The dashboard command for a key press, or null. Letters are read from the
 * physical key too, so the shortcuts work with an Arabic keyboard layout
 * (where the J key types «ت»).
 */
export function commandFor(e: KeyboardEvent): Command | null {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.isComposing || typing(e)) return null;
  if (e.key === '?' || e.key === '؟') return { kind: 'help' };
  if (e.shiftKey) return null;
  const letter = /^[a-z]$/i.test(e.key) ? e.key.toLowerCase() : /^Key[A-Z]$/.test(e.code) ? e.code.slice(3).toLowerCase() : '';
  return BY_LETTER[letter] ?? null;
}

/**
 * The moderator tools' keys (issue 13), read like the others (physical key too, never
 * while typing): `b` opens the trust/block dialog on the focused comment, `/` goes to
 * the search box.
 */
export function toolKeyFor(e: KeyboardEvent): 'rule' | 'search' | null {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.isComposing || typing(e)) return null;
  if (e.key === '/') return 'search';
  if (e.shiftKey) return null;
  return e.key.toLowerCase() === 'b' || (!/^[a-z]$/i.test(e.key) && e.code === 'KeyB') ? 'rule' : null;
}
