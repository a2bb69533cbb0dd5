import type { StoredComment } from '../domain/types.js';
import type { Store } from '../store/port.js';

/**
 * The comments as mail shows them: each with its page's public title and address
 * (Store.namePage: an import's or admin's, else the earliest approved claim), not its own
 * claim, which anyone can forge in a POST: mail leaves under the site's name, to readers at
 * any address a form was given, so it must not carry a forged "Verify your account" as a
 * page title. Readers' mail (`audience` 'readers') shows a page with no public name by its
 * key and its address on the site (links.ts). Moderators' mail about held comments may fall
 * back, per field, to the comment's own claim while the page has no name: it is what they
 * decide on, as the dashboard shows it.
 */
export async function withPageNames(store: Store, comments: StoredComment[], audience: 'readers' | 'moderators'): Promise<StoredComment[]> {
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
    if (audience === 'readers') return { ...c, pageTitle: name.title, pageUrl: name.url };
    return { ...c, pageTitle: name.title ?? c.pageTitle, pageUrl: name.url ?? c.pageUrl };
  });
}
