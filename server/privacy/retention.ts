import { recordAudit } from '../audit/record.js';
import type { Deps } from '../usecases/context.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** How often the retention job runs in each process (it is idempotent, so several processes may run it). */
export const RETENTION_INTERVAL_MS = 60 * 60 * 1000;

/**
 * One pass over every site: spam and trash that entered their bin more than
 * `purgeAfterDays` ago are deleted for good (WordPress's wp_scheduled_delete with
 * EMPTY_TRASH_DAYS), and IP addresses and user agents of comments older than
 * `ipRetentionDays` are cleared, as are finished outbox items of that age (moderator mail and
 * private webhook bodies carry the commenter's IP). 0 turns either off for a site.
 */
export async function runRetention(deps: Pick<Deps, 'store' | 'clock' | 'bus' | 'logger'>): Promise<{ purged: number; ipsCleared: number }> {
  const now = deps.clock();
  let purged = 0;
  let ipsCleared = 0;
  for (const site of await deps.store.listSites()) {
    const { purgeAfterDays, ipRetentionDays } = site.settings;
    let sitePurged = 0;
    if (purgeAfterDays > 0) {
      for (const status of ['spam', 'trash'] as const) {
        const gone = await deps.store.purgeComments(site.id, status, now - purgeAfterDays * DAY_MS);
        announceDeleted(deps, site.id, gone);
        sitePurged += gone.length;
      }
    }
    const siteIps = ipRetentionDays > 0 ? await deps.store.clearOldIps(site.id, now - ipRetentionDays * DAY_MS) : 0;
    const siteOutbox = ipRetentionDays > 0 ? await deps.store.notify.clearOldOutbox(site.id, now - ipRetentionDays * DAY_MS) : 0;
    if (sitePurged || siteIps || siteOutbox) {
      await recordAudit(deps, null, { site: site.id, action: 'retention', target: null, before: { purgeAfterDays, ipRetentionDays }, after: { purged: sitePurged, ipsCleared: siteIps, outboxCleared: siteOutbox } });
    }
    purged += sitePurged;
    ipsCleared += siteIps;
  }
  if (purged || ipsCleared) deps.logger.info({ purged, ipsCleared }, 'retention: old spam/trash deleted, old IPs cleared');
  return { purged, ipsCleared };
}

/** Tells moderators (comments:deleted) and the pages' caches and readers (page:updated) about deleted comments. */
export function announceDeleted(deps: Pick<Deps, 'bus'>, site: string, gone: Array<{ id: string; page: string }>): void {
  if (gone.length === 0) return;
  deps.bus.publish('comments:deleted', site, gone.map((g) => g.id));
  for (const page of new Set(gone.map((g) => g.page))) deps.bus.publish('page:updated', { site, page });
}

/** Runs the retention pass a minute after start, then hourly; returns the stop function. */
export function startRetention(deps: Pick<Deps, 'store' | 'clock' | 'bus' | 'logger'>, intervalMs = RETENTION_INTERVAL_MS): () => void {
  const run = () => void runRetention(deps).catch((err: unknown) => deps.logger.error({ err }, 'retention pass failed'));
  const first = setTimeout(run, Math.min(60_000, intervalMs));
  const every = setInterval(run, intervalMs);
  first.unref();
  every.unref();
  return () => {
    clearTimeout(first);
    clearInterval(every);
  };
}
