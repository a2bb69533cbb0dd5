/**
 * Lit records its version in window.litHtmlVersions and friends, and keeps a
 * decorator registry in window.litPropertyMetadata that it reads only while
 * defining elements (done by then). An embed must
 * not leave names on the host page's window, so this module (imported first,
 * hence evaluated before Lit) notes which of them existed, and restoreGlobals()
 * removes the ones Lit added. A page that uses Lit itself keeps its own.
 */
const NAMES = ['litHtmlVersions', 'litElementVersions', 'reactiveElementVersions', 'litPropertyMetadata'] as const;
const g = globalThis as Record<string, unknown>;
const existed = NAMES.filter((n) => n in g);

export function restoreGlobals(): void {
  for (const n of NAMES) if (!existed.includes(n)) delete g[n];
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
