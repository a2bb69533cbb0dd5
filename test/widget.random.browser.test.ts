import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import type { CommentStatus } from '../server/domain/types.js';
import type { TestApp } from './helpers/app.js';
import { login, moderate, postComment, request } from './helpers/http.js';
import { clickIfShown, loadAll, rng, seed, snapshot, useWidgetHost, W, type ThreadSnapshot, type WidgetHost } from './helpers/widget-host.js';

// Issue 9 point 6, as a property: after any random sequence of posts, approvals,
// un-approvals, spam, trash, restores, replies, featured picks, comments held by readers'
// reports (and approved again), likes, moderators' edits, closing, dropped connections and "load more" while a
// widget is open (two threads a page), the widget shows what a fresh load shows, the
// «تعليقات مختارة» section included.
// The run is cut in segments: each opens a widget on the first page only (so live
// approvals land before and after its cursor), runs random steps, then loads every
// page in it and in a fresh page and compares them.
// Each run draws its seed; a failure prints it: MAJLIS_SEED=<seed> replays the sequence.

const STEPS = 36;
const CHECK_EVERY = 12;
const seeds = process.env.MAJLIS_SEED ? [Number(process.env.MAJLIS_SEED)] : [1, 2].map(() => Math.floor(Math.random() * 2 ** 31));

let app: TestApp;
let host: WidgetHost;
let cookie: string;

useWidgetHost(async (e) => {
  ({ app, host } = e);
  cookie = await login(app);
  // Reports count networks: each reporter comes from its own (X-Forwarded-For, trusted here).
}, { siteSettings: { threadsPerPage: 2, threadDepth: 3, holdAll: true, reportThreshold: 3 }, env: { TRUST_PROXY: 'true' } });

/**
 * What the reader sees of the thread, and once the reader chunk has drawn its tools: the ids
 * «تعليقات مختارة» links to, in order, and each comment's like count and edited mark.
 */
async function view(page: Page): Promise<ThreadSnapshot & { featured: string[] | null; marks: string[] | null }> {
  const extras = await page.evaluate((tag) => {
    const root = document.querySelector(tag)!.shadowRoot!;
    if (!root.querySelector('[part=sort]')) return null; // the reader chunk is not there yet
    return {
      featured: [...root.querySelectorAll<HTMLAnchorElement>('section.featured li a')].map((a) => (a.getAttribute('href') ?? '').replace(/^[^#]*/, '')),
      marks: [...root.querySelectorAll<HTMLElement>('article[data-id]')].map(
        (a) => `${a.dataset.id} likes ${a.querySelector(':scope [part=like] .n')?.textContent ?? '-'}${a.querySelector(':scope .muted') ? ' ' + [...a.querySelectorAll(':scope .muted')].map((m) => m.textContent).join(' ') : ''}`,
      ),
    };
  }, W);
  return { ...(await snapshot(page)), featured: extras?.featured ?? null, marks: extras?.marks ?? null };
}

let readers = 0;
/** Another reader, on a network of their own (likes and reports count networks). */
function anotherReader(): Record<string, string> {
  const n = ++readers;
  return { origin: app.url, 'majlis-reader': `reader-${String(n).padStart(12, '0')}`, 'x-forwarded-for': `10.${(n >> 8) & 255}.${n & 255}.7` };
}

/** Three readers on three networks report `id`: with the site's threshold (3) it is held for review. */
async function reportThrice(id: string): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < 3; i++) statuses.push((await request(app, 'POST', `/api/comments/${id}/reports`, { body: { reason: 'spam' }, headers: anotherReader() })).status);
  return statuses;
}

/** The actions a moderator has for a status (as the dashboard offers them). */
const ACTIONS: Record<CommentStatus, string[]> = {
  pending: ['approve', 'approve', 'spam', 'trash'],
  approved: ['pending', 'spam', 'trash'],
  spam: ['restore', 'trash'],
  trash: ['restore', 'spam'],
};

async function compareWithFresh(page: Page, thread: string): Promise<void> {
  await loadAll(page);
  const fresh = await host.open(page.context(), thread);
  try {
    await loadAll(fresh);
    await fresh.locator(`${W} [part=sort]`).waitFor();
    const want = await view(fresh);
    try {
      await expect.poll(() => view(page), { timeout: 10_000 }).toEqual(want);
    } catch {
      const debug = await page.evaluate(() => { const w = document.querySelector('majlis-comments') as any; return JSON.stringify({ pages: w.thread.pages, next: w.thread.nextCursor, prev: w.thread.prevCursor, first: w.thread.first?.id ?? null, boundary: w.thread.boundary?.id ?? null, sort: w.thread.sort, shown: [...w.thread.approved.keys()], more: w.moreState, syncing: !!w.syncing, state: w.state, total: w.thread.total }); });
      throw new Error(`DEBUG ${debug}\nthe open widget:\n${JSON.stringify(await view(page), null, 1)}\na fresh load:\n${JSON.stringify(want, null, 1)}`);
    }
  } finally {
    await fresh.close();
  }
}

describe('random moderation while a widget is open', () => {
  for (const s of seeds) {
    test(`when a random sequence runs (seed ${s}), then the widget equals a fresh load at every check`, { timeout: 180_000 }, async () => {
      const random = rng(s);
      const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)]!;
      const thread = `/random/${s}-${Date.now().toString(36)}`;
      const log: string[] = [];
      const ids: string[] = [];
      // Threads from the past, some held: approving them places them before the loaded cursor.
      for (let i = 0; i < 10; i++) {
        const parentId = i > 4 && random() < 0.5 ? pick(ids) : null;
        ids.push(await seed(app, thread, { content: `بذرة ${i}`, status: random() < 0.5 ? 'approved' : 'pending', parentId, agoMs: 600_000 - i * 30_000 }));
      }
      let closed = false;
      let n = 0;
      const context = await host.newContext();
      try {
        let page = await host.open(context, thread);
        for (let step = 1; step <= STEPS; step++) {
          const r = random();
          const all = await Promise.all(ids.map((id) => app.store.getComment(id)));
          const approved = all.filter((c) => c?.status === 'approved').map((c) => c!.id);
          if (closed && r < 0.3 && random() < 0.5) {
            closed = false;
            const res = await request(app, 'POST', '/api/moderation/pages', { body: { site: app.site, page: thread, closed }, cookie, headers: { origin: app.url } });
            log.push(`${step}: reopen → ${res.status}`);
          } else if (r < 0.2) {
            const parentId = approved.length && random() < 0.5 ? pick(approved) : undefined;
            const res = await postComment(app, { page: thread, content: `من قارئ آخر ${++n}`, ...(parentId ? { parentId } : {}) }, { origin: app.url });
            log.push(`${step}: another reader posts ${res.body.comment?.id}${parentId ? ` under ${parentId}` : ''} → ${res.status}`);
            if (res.status === 201) ids.push(res.body.comment.id);
          } else if (r < 0.3 && !closed) {
            const replyTo = approved.length && random() < 0.4 ? pick(approved) : null;
            // A live event of an earlier step may remove the comment: look and click in one turn.
            const reply = !!replyTo && (await clickIfShown(page, `article[data-id="${replyTo}"] [part=reply]`));
            const content = `من صاحب الصفحة ${++n}`;
            await page.fill(`${W} #content`, content);
            await page.fill(`${W} #name`, 'صاحب الصفحة');
            await page.fill(`${W} #email`, 'owner@example.com');
            await page.click(`${W} button[type=submit]`);
            await page.locator(`${W} article.pending`, { hasText: content }).waitFor();
            const id = await page.evaluate(
              (text) => (JSON.parse(localStorage.getItem('majlis:pending') ?? '[]') as Array<{ comment: { id: string; content: string } }>).find((e) => e.comment.content === text)!.comment.id,
              content,
            );
            log.push(`${step}: the reader posts ${id}${reply ? ` under ${replyTo}` : ''}`);
            ids.push(id);
          } else if (r < 0.45) {
            // A moderator's undo: an approved comment with approved replies sent back for review, then approved again.
            const parents = all.filter((c) => c?.status === 'approved' && all.some((x) => x?.parentId === c.id && x.status === 'approved'));
            if (!parents.length) continue;
            const c = pick(parents)!;
            const first = await moderate(app, cookie, c.id, 'pending', c.version);
            const again = random() < 0.7 ? await moderate(app, cookie, c.id, 'approve', c.version + 1) : null;
            log.push(`${step}: undo ${c.id} → ${first.status}${again ? `, approve again → ${again.status}` : ''}`);
          } else if (r < 0.52) {
            // A moderator features an approved comment (or takes a pick back).
            // (No `continue` when there is none: this step may be a check's.)
            const c = pick(all.filter((x) => x?.status === 'approved' && x.deletedAt === null));
            if (c) {
              const action = c.featuredAt !== null && random() < 0.5 ? 'unfeature' : 'feature';
              const res = await moderate(app, cookie, c.id, action, c.version);
              log.push(`${step}: ${action} ${c.id} → ${res.status}`);
            }
          } else if (r < 0.6) {
            // Another reader likes a comment, or a moderator corrects one (the edited mark).
            const c = pick(all.filter((x) => x?.status === 'approved' && x.deletedAt === null));
            if (c && random() < 0.6) {
              const res = await request(app, 'POST', `/api/comments/${c.id}/reactions`, { body: { reaction: 'like' }, headers: anotherReader() });
              log.push(`${step}: like ${c.id} → ${res.status}`);
            } else if (c) {
              const res = await request(app, 'PATCH', `/api/moderation/comments/${c.id}`, { cookie, headers: { origin: app.url }, body: { content: `${c.content} (مصحَّح)`, version: c.version } });
              log.push(`${step}: a moderator edits ${c.id} → ${res.status}`);
            }
          } else if (r < 0.66) {
            // Readers' reports hold an approved comment (featured ones first), and a moderator often approves it again.
            const shown = all.filter((x) => x?.status === 'approved');
            const c = pick(shown.filter((x) => x!.featuredAt !== null).length && random() < 0.7 ? shown.filter((x) => x!.featuredAt !== null) : shown);
            if (c) {
              const statuses = await reportThrice(c.id);
              const held = await app.store.getComment(c.id);
              const again = held?.status === 'pending' && random() < 0.7 ? await moderate(app, cookie, c.id, 'approve', held.version) : null;
              log.push(`${step}: reports ${statuses.join(',')} hold ${c.id}${c.featuredAt !== null ? ' (featured)' : ''} → ${held?.status}${again ? `, approve again → ${again.status}` : ''}`);
            }
          } else if (r < 0.85) {
            const c = pick(all.filter((x) => x !== null));
            if (!c) continue;
            const action = pick(ACTIONS[c.status]);
            const res = await moderate(app, cookie, c.id, action, c.version);
            log.push(`${step}: ${action} ${c.id} (${c.status}) → ${res.status}`);
          } else if (r < 0.92) {
            closed = !closed;
            const res = await request(app, 'POST', '/api/moderation/pages', { body: { site: app.site, page: thread, closed }, cookie, headers: { origin: app.url } });
            log.push(`${step}: ${closed ? 'close' : 'reopen'} → ${res.status}`);
          } else if (r < 0.95) {
            // The server drops every reader (as a stopping process would): what follows is missed until the widget re-syncs.
            app.io.of('/').disconnectSockets(true);
            log.push(`${step}: the server drops the readers`);
          } else {
            await clickIfShown(page, '[part=load-more][aria-disabled=false]');
            log.push(`${step}: load more`);
          }
          if (step % CHECK_EVERY === 0) {
            try {
              await compareWithFresh(page, thread);
            } catch (e) {
              throw new Error(`seed ${s} (replay: MAJLIS_SEED=${s}), after step ${step}:\n${log.join('\n')}\n${(e as Error).message}`);
            }
            // The next segment starts from the first page again.
            await page.close();
            page = await host.open(context, thread);
            log.push(`${step}: a new widget opens`);
          }
        }
        if (process.env.MAJLIS_LOG) console.log(`seed ${s}:\n${log.join('\n')}`); // a passing sequence, for reading
      } finally {
        await context.close();
      }
    });
  }
});
