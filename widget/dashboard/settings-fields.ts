import { latinDigits, type Key } from './i18n/i18n.js';
import type { SiteSettings } from './types.js';

type Name = keyof SiteSettings;
export type FieldSpec =
  | { name: Name; kind: 'bool' }
  | { name: Name; kind: 'int'; min: number; max: number }
  | { name: Name; kind: 'list'; hint: Key };

/** Every site setting of the contract, grouped as the settings view shows them (bounds mirror the server's). */
export const GROUPS: Array<{ title: Key; fields: FieldSpec[] }> = [
  {
    title: 'group_holding',
    fields: [
      { name: 'holdAll', kind: 'bool' },
      { name: 'previouslyApproved', kind: 'bool' },
      { name: 'maxLinks', kind: 'int', min: 0, max: 1000 },
    ],
  },
  {
    title: 'group_words',
    fields: [
      { name: 'moderationKeys', kind: 'list', hint: 'hint_keys' },
      { name: 'disallowedKeys', kind: 'list', hint: 'hint_keys' },
    ],
  },
  {
    title: 'group_spam',
    fields: [
      { name: 'floodSeconds', kind: 'int', min: 0, max: 86400 },
      { name: 'requireFormToken', kind: 'bool' },
      { name: 'minFillSeconds', kind: 'int', min: 0, max: 3600 },
    ],
  },
  {
    title: 'group_threads',
    fields: [
      { name: 'closeAfterDays', kind: 'int', min: 0, max: 36500 },
      { name: 'threadDepth', kind: 'int', min: 1, max: 10 },
      { name: 'threadsPerPage', kind: 'int', min: 1, max: 200 },
      { name: 'minLength', kind: 'int', min: 0, max: 65525 },
      { name: 'maxLength', kind: 'int', min: 1, max: 65525 },
    ],
  },
];

/** The fields exactly as typed: checkboxes as booleans, everything else as text. */
export type RawValues = Partial<Record<Name, string | boolean>>;

export function readRaw(form: HTMLFormElement): RawValues {
  const raw: RawValues = {};
  for (const group of GROUPS) {
    for (const f of group.fields) {
      const el = form.elements.namedItem(f.name) as HTMLInputElement | HTMLTextAreaElement | null;
      if (el) raw[f.name] = f.kind === 'bool' ? (el as HTMLInputElement).checked : el.value;
    }
  }
  return raw;
}

/**
 * Reads the form back into a settings patch: lists one entry per line, whole
 * numbers typed in any digits as numbers; anything else is sent as typed, so
 * the server's message for it shows under the field.
 */
export function readSettings(form: HTMLFormElement): Partial<SiteSettings> {
  const patch: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(readRaw(form)) as Array<[Name, string | boolean]>) {
    const f = GROUPS.flatMap((g) => g.fields).find((x) => x.name === name)!;
    if (f.kind === 'bool') patch[name] = v;
    else if (f.kind === 'int') {
      const digits = latinDigits(String(v).trim());
      patch[name] = digits === '' ? null : /^\d{1,9}$/.test(digits) ? Number(digits) : String(v);
    } else patch[name] = String(v).split('\n').map((s) => s.trim()).filter(Boolean);
  }
  return patch as Partial<SiteSettings>;
}
