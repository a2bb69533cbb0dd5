import type { StoredComment } from '../domain/types.js';
import type { Store } from '../store/port.js';

/**
 * The comments as mail shows them: each with its page's public title and address
 * (Store.namePage: an import's or admin's, else the earliest approved claim), never its
 * own claim, which anyone can forge in a POST. A page with no public name yet is shown by
 * its key and its address on the site (links.ts). Mail leaves the site under its own name,
 * to moderators and to any address a form was given, so it must not carry a forged
 * "Verify your account" as a page title.
 */
export async function withPageNames(store: Store, comments: StoredComment[]): Promise<StoredComment[]> {
  const pages = new Map<string, { title: string | null; url: string | null }>();
  for (const c of comments) {
    const key = `${c.site}\u0000${c.page}`;
    if (!pages.has(key)) {
      const info = await store.getPage(c.site, c.page);
      pages.set(key, { title: info?.title ?? null, url: info?.url ?? null });
    }
  }
  return comments.map((c) => {
    const name = pages.get(`${c.site}\u0000${c.page}`)!;
    return { ...c, pageTitle: name.title, pageUrl: name.url };
  });
}
