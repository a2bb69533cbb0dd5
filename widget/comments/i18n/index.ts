import { html, type TemplateResult } from 'lit';
import ar, { type Strings } from './ar.js';

export type { Strings };
export type Lang = 'ar' | 'en';

/** ar* and anything unknown read Arabic (the contract's default); en* reads English. */
export function pickLang(tag: string | null | undefined): { lang: Lang; tag: string } {
  const t = (tag ?? '').trim();
  return /^en\b/i.test(t) ? { lang: 'en', tag: t } : { lang: 'ar', tag: /^ar\b/i.test(t) ? t : 'ar' };
}

// Arabic ships with first paint; English is fetched when a widget asks for it.
let en: Strings | null = null;

/** Loads a catalogue that is not in the first-paint bundle (English). Resolves when `strings(lang)` has it. */
export async function loadStrings(lang: Lang): Promise<void> {
  if (lang === 'en' && !en) en = (await import('./en.js')).default;
}

/** Whether `strings(lang)` already gives that language (not the Arabic stand-in). */
export const hasStrings = (lang: Lang): boolean => lang === 'ar' || en !== null;

export const strings = (lang: Lang): Strings => (lang === 'en' && en ? en : ar);

/**
 * Fills `{key}` placeholders with strings or templates (a name in <bdi>, the
 * required star), so sentences stay whole in the catalogue and values stay nodes.
 */
export function fill(text: string, values: Record<string, string | number | TemplateResult>): Array<string | TemplateResult> {
  return text.split(/(\{\w+\})/).map((part) => {
    const v = /^\{(\w+)\}$/.exec(part) ? values[part.slice(1, -1)] : undefined;
    return v === undefined ? part : typeof v === 'number' ? String(v) : v;
  });
}

/** Same as fill, for plain-text places (aria-label, live region). */
export const fillText = (text: string, values: Record<string, string | number>): string =>
  text.replace(/\{(\w+)\}/g, (m, k: string) => (values[k] === undefined ? m : String(values[k])));

export const bdi = (s: string) => html`<bdi>${s}</bdi>`;
