/**
 * Lit records its version in window.litHtmlVersions and friends, and keeps a
 * decorator registry in window.litPropertyMetadata that it reads only while
 * defining elements. An embed must not leave names on the host page's window,
 * so restoreGlobals() removes them once our elements are defined, unless the
 * page runs Lit itself: then a version list holds more than our one entry and
 * every name is left alone. (Lit's modules evaluate before any code of index.ts,
 * which imports them, so "what existed before Lit" cannot be observed.)
 */
const VERSIONS = ['litHtmlVersions', 'litElementVersions', 'reactiveElementVersions'] as const;
const g = globalThis as Record<string, unknown>;

export function restoreGlobals(): void {
  if (VERSIONS.some((n) => Array.isArray(g[n]) && (g[n] as unknown[]).length > 1)) return;
  for (const n of [...VERSIONS, 'litPropertyMetadata']) delete g[n];
}

/** Defines an element that arrives in a later chunk: Lit reads its registry while defining, so it is lent for that moment. */
export function defineLater(tag: string, cls: CustomElementConstructor): void {
  if (customElements.get(tag)) return;
  g.litPropertyMetadata ??= new WeakMap();
  try {
    customElements.define(tag, cls);
  } finally {
    restoreGlobals();
  }
}
