import { DEFAULT_SETTINGS, type Site, type SiteSettings } from '../domain/types.js';
import { AppError } from '../errors.js';
import { isEmailAddress, normalizeEmail } from '../validation/email.js';

type Kind = 'bool' | 'int' | 'list' | 'enum' | 'emails';
const KINDS: Record<keyof SiteSettings, { kind: Kind; min?: number; max?: number; values?: readonly string[] }> = {
  holdAll: { kind: 'bool' },
  previouslyApproved: { kind: 'bool' },
  maxLinks: { kind: 'int', min: 0, max: 1000 },
  moderationKeys: { kind: 'list' },
  disallowedKeys: { kind: 'list' },
  floodSeconds: { kind: 'int', min: 0, max: 86400 },
  closeAfterDays: { kind: 'int', min: 0, max: 36500 },
  threadDepth: { kind: 'int', min: 1, max: 10 },
  threadsPerPage: { kind: 'int', min: 1, max: 200 },
  minLength: { kind: 'int', min: 0, max: 65525 },
  maxLength: { kind: 'int', min: 1, max: 65525 },
  requireFormToken: { kind: 'bool' },
  minFillSeconds: { kind: 'int', min: 0, max: 3600 },
  // [notify] issue 12
  notifyModerators: { kind: 'enum', values: ['off', 'each', 'digest'] },
  digestMinutes: { kind: 'int', min: 5, max: 10080 },
  notifyTo: { kind: 'emails' },
  replyNotifications: { kind: 'bool' },
  mailLanguage: { kind: 'enum', values: ['ar', 'en'] },
  purgeAfterDays: { kind: 'int', min: 0, max: 36500 },
  ipRetentionDays: { kind: 'int', min: 0, max: 36500 },
  // readers' features (issue 14)
  editWindowMinutes: { kind: 'int', min: 0, max: 1440 },
  defaultSort: { kind: 'enum', values: ['oldest', 'newest', 'popular'] },
  reactions: { kind: 'bool' },
  reportThreshold: { kind: 'int', min: 1, max: 100 },
};

export const SETTING_NAMES = Object.keys(KINDS) as Array<keyof SiteSettings>;

const MAX_KEYS = 5000;
/** Word lists stay bounded: matching cost grows with their size. */
const isKeyList = (v: unknown): v is string[] =>
  Array.isArray(v) && v.length <= MAX_KEYS && v.every((x) => typeof x === 'string' && x.length <= 200);
const cleanList = (items: string[]) => [...new Set(items.map((s) => s.normalize('NFC').trim()).filter(Boolean))];
/** [notify] up to 50 valid addresses, lowercased */
const emailList = (v: unknown): string[] | null => {
  const items = typeof v === 'string' ? v.split(/[\n,]/) : v;
  if (!Array.isArray(items) || items.length > 50 || !items.every((x) => typeof x === 'string')) return null;
  const list = [...new Set((items as string[]).map(normalizeEmail).filter(Boolean))];
  return list.every((x) => x.length <= 100 && isEmailAddress(x)) ? list : null;
};

/**
 * Validates a partial settings object (JSON from the API or parsed CLI values)
 * and merges it over the current settings. Every bad key is reported at once.
 */
export function mergeSettings(current: SiteSettings, patch: unknown): SiteSettings {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    throw new AppError('bad_request', 400, 'bad_request');
  }
  const next: SiteSettings = { ...DEFAULT_SETTINGS, ...current };
  const fields: NonNullable<AppError['fields']> = {};
  for (const [key, value] of Object.entries(patch)) {
    const spec = Object.hasOwn(KINDS, key) ? KINDS[key as keyof SiteSettings] : undefined;
    if (!spec) {
      fields[key] = { key: 'unknown_setting' };
      continue;
    }
    const k = key as keyof SiteSettings;
    if (spec.kind === 'bool' && typeof value === 'boolean') (next[k] as boolean) = value;
    else if (spec.kind === 'int' && Number.isInteger(value) && (value as number) >= spec.min! && (value as number) <= spec.max!)
      (next[k] as number) = value as number;
    else if (spec.kind === 'list' && isKeyList(typeof value === 'string' ? value.split('\n') : value))
      (next[k] as string[]) = cleanList(typeof value === 'string' ? value.split('\n') : (value as string[]));
    else if (spec.kind === 'enum' && typeof value === 'string' && spec.values!.includes(value)) (next[k] as string) = value;
    else if (spec.kind === 'emails' && emailList(value)) (next[k] as string[]) = emailList(value)!;
    else if (spec.kind === 'enum') fields[key] = { key: 'bad_setting_enum', params: { values: spec.values!.join(', ') } };
    else if (spec.kind === 'emails') fields[key] = { key: 'bad_setting_emails' };
    else if (spec.kind === 'int') fields[key] = { key: 'bad_setting_range', params: { min: spec.min!, max: spec.max! } };
    else fields[key] = { key: spec.kind === 'bool' ? 'bad_setting_bool' : 'bad_setting_list' };
  }
  if (next.minLength > next.maxLength) fields.minLength = { key: 'bad_setting_min_max' };
  if (Object.keys(fields).length) throw new AppError('validation', 422, 'validation', undefined, fields);
  return next;
}

/** `key=value` pairs from the CLI into a settings patch (lists comma-separated, booleans true/false). */
export function parseSettingArgs(pairs: string[]): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq < 1) throw new Error(`expected key=value, got "${pair}"`);
    const key = pair.slice(0, eq);
    const raw = pair.slice(eq + 1);
    const spec = Object.hasOwn(KINDS, key) ? KINDS[key as keyof SiteSettings] : undefined;
    if (!spec) throw new Error(`unknown setting "${key}" (known: ${SETTING_NAMES.join(', ')})`);
    if (spec.kind === 'bool') {
      if (!['true', 'false', 'on', 'off', '1', '0'].includes(raw)) throw new Error(`${key} must be true or false`);
      patch[key] = ['true', 'on', '1'].includes(raw);
    } else if (spec.kind === 'int') {
      if (!/^\d+$/.test(raw)) throw new Error(`${key} must be a whole number`);
      patch[key] = Number(raw);
    } else if (spec.kind === 'enum') {
      patch[key] = raw;
    } else {
      patch[key] = raw.split(',').map((s) => s.trim()).filter(Boolean);
    }
  }
  return patch;
}

export function publicSite(site: Site) {
  return { id: site.id, origins: site.origins, settings: site.settings };
}
