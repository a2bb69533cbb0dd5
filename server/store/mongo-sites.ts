import type { PageInfo, Site, SiteSettings } from '../domain/types.js';
import { canonicalPageKey } from '../validation/page-key.js';
import { isDuplicateKey } from './mongo-comments.js';
import { toPage, toSite } from './mongo-docs.js';
import type { Models, PageDoc, SiteDoc } from './mongo-models.js';

// Sites and their pages in the MongoDB adapter: the settings a site moderates by,
// and the per-page facts (title, url, closed) a thread is shown with. Page keys
// are made canonical here, so every caller finds the same document.

export async function getSite(m: Models, id: string): Promise<Site | null> {
  const doc = await m.Site.findById(id).lean<SiteDoc>();
  return doc ? toSite(doc) : null;
}

export async function listSites(m: Models): Promise<Site[]> {
  const docs = await m.Site.find().sort({ _id: 1 }).lean<SiteDoc[]>();
  return docs.map(toSite);
}

/** Inserts the site unless one with its id exists; returns the stored one either way. */
export async function ensureSite(m: Models, site: Site): Promise<Site> {
  const insert = { origins: site.origins, settings: site.settings, createdAt: site.createdAt };
  await ignoreDuplicate(m.Site.updateOne({ _id: site.id }, { $setOnInsert: insert }, { upsert: true }));
  return (await getSite(m, site.id))!;
}

export async function setSiteOrigins(m: Models, id: string, origins: string[]): Promise<Site | null> {
  const doc = await m.Site.findByIdAndUpdate(id, { $set: { origins } }, { returnDocument: 'after' }).lean<SiteDoc>();
  return doc ? toSite(doc) : null;
}

export async function setSiteSettings(m: Models, id: string, settings: SiteSettings): Promise<Site | null> {
  const doc = await m.Site.findByIdAndUpdate(id, { $set: { settings } }, { returnDocument: 'after' }).lean<SiteDoc>();
  return doc ? toSite(doc) : null;
}

/** Creates the page record on first sight; its name is the comments' or an admin's (mongo-page-names.ts). */
export async function touchPage(m: Models, given: { site: string; page: string; createdAt: number }): Promise<PageInfo> {
  const key = { site: given.site, page: canonicalPageKey(given.page) };
  const insert = { title: null, url: null, closed: false, createdAt: given.createdAt };
  await ignoreDuplicate(m.Page.updateOne(key, { $setOnInsert: insert }, { upsert: true }));
  return (await getPage(m, key.site, key.page))!;
}

export async function getPage(m: Models, site: string, page: string): Promise<PageInfo | null> {
  const doc = await m.Page.findOne({ site, page: canonicalPageKey(page) }).lean<PageDoc>();
  return doc ? toPage(doc) : null;
}

export async function setPageClosed(m: Models, site: string, given: string, closed: boolean, now: number): Promise<PageInfo> {
  const page = canonicalPageKey(given);
  const update = { $set: { closed }, $setOnInsert: { title: null, url: null, createdAt: now } };
  try {
    await m.Page.updateOne({ site, page }, update, { upsert: true });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    // Lost an upsert race: the page exists now, so set the flag on it.
    await m.Page.updateOne({ site, page }, { $set: { closed } });
  }
  return (await getPage(m, site, page))!;
}

/** Concurrent upserts of one key can collide on the unique index; the loser finds the row there. */
async function ignoreDuplicate(op: PromiseLike<unknown>): Promise<void> {
  try {
    await op;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
}
