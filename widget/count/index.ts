/**
 * count.js: `<majlis-count site="S" page="P"></majlis-count>` shows a thread's
 * comment count on listing pages («١٢ تعليقاً», "12 comments" where the nearest
 * `lang` is en). Plain custom element, no Lit, ≤ 2 KB gzip (test/count.size.test.ts).
 *
 * All elements connected in one task are asked together: one `GET /api/counts`
 * per site with up to 100 `page` values per request. Live: the comments widget
 * dispatches `window` CustomEvent `majlis:count` `{ site, page, total }` on every
 * `page:count`, and matching elements update. Errors leave the element empty.
 */
const base = new URL('./', import.meta.url);
const queue = new Set<MajlisCount>();
const all = new Set<MajlisCount>();

/** One spelling per thread key (percent-encoded or not, composed or not), enough to match what the server counted. */
const key = (p: string) => {
  try {
    p = decodeURIComponent(p);
  } catch {
    /* keep as written */
  }
  return p.trim().normalize('NFC');
};

const AR = { zero: 'لا تعليقات', one: 'تعليق واحد', two: 'تعليقان', few: '{n} تعليقات', many: '{n} تعليقاً', other: '{n} تعليق' } as Record<string, string>;
const EN = { zero: 'No comments', one: '{n} comment', other: '{n} comments' } as Record<string, string>;

function text(lang: string, n: number): string {
  const en = /^en\b/i.test(lang);
  const locale = en ? lang : /^ar-/i.test(lang) ? lang : 'ar-EG';
  const forms = en ? EN : AR;
  const cat = n === 0 ? 'zero' : new Intl.PluralRules(locale).select(n);
  return (forms[cat] ?? forms.other!).replace('{n}', new Intl.NumberFormat(locale).format(n));
}

async function flush(): Promise<void> {
  const bySite = new Map<string, MajlisCount[]>();
  for (const el of queue) {
    const site = el.getAttribute('site');
    if (site && el.getAttribute('page')) bySite.set(site, [...(bySite.get(site) ?? []), el]);
  }
  queue.clear();
  for (const [site, els] of bySite) {
    const pages = [...new Set(els.map((e) => e.getAttribute('page')!))];
    for (let i = 0; i < pages.length; i += 100) {
      const q = new URLSearchParams({ site });
      pages.slice(i, i + 100).forEach((p) => q.append('page', p));
      try {
        const res = await fetch(new URL(`api/counts?${q}`, base));
        const { counts } = (await res.json()) as { counts: Record<string, number> };
        for (const el of els) {
          const n = counts[el.getAttribute('page')!];
          if (typeof n === 'number') el.show(n);
        }
      } catch {
        // Offline or blocked: the listing simply shows no counts.
      }
    }
  }
}

export class MajlisCount extends HTMLElement {
  connectedCallback(): void {
    all.add(this);
    if (!queue.size) setTimeout(flush);
    queue.add(this);
  }

  disconnectedCallback(): void {
    all.delete(this);
    queue.delete(this);
  }

  show(n: number): void {
    const lang = this.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang || 'ar';
    this.textContent = text(lang, n);
    this.dataset.count = String(n);
  }
}

addEventListener('majlis:count', (e) => {
  const d = (e as CustomEvent<{ site: string; page: string; total: number }>).detail;
  if (!d || typeof d.total !== 'number') return;
  for (const el of all) if (el.getAttribute('site') === d.site && key(el.getAttribute('page') ?? '') === key(d.page)) el.show(d.total);
});

if (!customElements.get('majlis-count')) customElements.define('majlis-count', MajlisCount);
