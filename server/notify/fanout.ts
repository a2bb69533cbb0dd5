import type { Site, StoredComment } from '../domain/types.js';
import type { CommentEvent } from '../outbox/events.js';
import type { NewOutboxItem, OutboxItem } from '../outbox/types.js';
import { canAccessSite } from '../moderators/scope.js';
import { newId } from '../store/ids.js';
import type { Store } from '../store/port.js';
import { toPublic } from '../views.js';
import { confirmLink, unsubscribeLink, type LinkBase } from './links.js';
import type { OutgoingMail } from './mailer.js';
import { confirmMail, heldMail, replyMail, type MailContent } from './messages.js';
import { withPageNames } from './page-name.js';
import { addressTag } from './tokens.js';

export interface FanOutContext extends LinkBase {
  store: Store;
  /** SMTP_URL is set: without it no message is queued at all */
  mailConfigured: boolean;
}

/** Reader messages per address per hour, all sites together (confirmation included); more wait for the next hour. */
export const READER_HOURLY_CAP = 10;

/**
 * Who gets moderator mail: the site's notifyTo, else every moderator who may
 * moderate this site (admins, and moderators given it or every site; issue 13).
 */
export async function moderatorRecipients(store: Store, site: Site): Promise<Array<{ email: string; name: string | null }>> {
  if (site.settings.notifyTo.length) return site.settings.notifyTo.map((email) => ({ email, name: null }));
  return (await store.notify.moderatorRecipients()).filter((m) => canAccessSite(m, site.id)).map((m) => ({ email: m.email, name: m.name }));
}

/** A mail outbox item; the Message-ID is fixed now, so a repeated send is the same message. */
export function mailItem(ctx: LinkBase, site: string, key: string, to: string, content: MailContent, now: number, extra: Partial<OutgoingMail> = {}): NewOutboxItem {
  const id = newId(now);
  const mail: OutgoingMail = { to, ...content, headers: {}, messageId: `<${id}@${new URL(ctx.publicUrl).hostname}>`, ...extra };
  return { id, kind: 'mail', site, key, payload: { ...mail }, createdAt: now };
}

/** The top-level comment of a comment's thread. */
async function threadRoot(store: Store, c: StoredComment): Promise<string> {
  let cur = c;
  for (let i = 0; i < 50 && cur.parentId; i++) {
    const parent = await store.getComment(cur.parentId);
    if (!parent) break;
    cur = parent;
  }
  return cur.id;
}

/** The comment in a webhook payload: the public view and status; email and IP only for private webhooks. */
function webhookComment(c: StoredComment, ev: CommentEvent, isPrivate: boolean) {
  const base = { ...toPublic(c), site: c.site, status: ev.to, previousStatus: ev.from };
  return isPrivate ? { ...base, email: c.authorEmail, ip: c.ip } : base;
}

/** Reader headers: RFC 8058 one-click unsubscribe. */
const listHeaders = (url: string) => ({ 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });

/**
 * Turns one comment change into what it causes: webhook deliveries, moderator
 * mail (or a digest slot), the reader's confirmation request, and reply mail.
 * Every child has a key derived from the event, so running this twice stores nothing twice.
 */
export async function fanOut(ctx: FanOutContext, item: OutboxItem, now: number): Promise<NewOutboxItem[]> {
  const { store } = ctx;
  const ev = item.payload as unknown as CommentEvent;
  // The item's site is its comment's. With no webhook there and no mail, nothing can follow:
  // the comment is not even read (issue 10: one full row per post, for nothing).
  const webhooks = await store.notify.listWebhooks(item.site);
  if (webhooks.length === 0 && !ctx.mailConfigured) return [];
  let comment = await store.getComment(ev.commentId);
  if (!comment) return [];
  const site = await store.getSite(comment.site);
  const children: NewOutboxItem[] = [];

  const names = [ev.event];
  if (ev.to === 'approved' && ev.from !== 'approved') names.push('comment.approved' as never);
  for (const wh of webhooks) {
    for (const name of names.filter((n) => wh.events.includes(n))) {
      const id = newId(now);
      const body = JSON.stringify({ id, event: name, site: comment.site, at: new Date(ev.at).toISOString(), comment: webhookComment(comment, ev, wh.private) });
      children.push({ id, kind: 'webhook', site: comment.site, key: `wh:${item.id}:${wh.id}:${name}`, webhookId: wh.id, payload: { event: name, body }, createdAt: now });
    }
  }
  if (!ctx.mailConfigured || !site) return children;
  const s = site.settings;
  const locale = s.mailLanguage;

  // Still held when we get here (a moderator may already have decided: then there is nothing to ask).
  if (ev.event === 'comment.created' && ev.to === 'pending' && comment.status === 'pending') {
    if (s.notifyModerators === 'each') {
      const [named] = await withPageNames(store, [comment], 'moderators');
      for (const r of await moderatorRecipients(store, site)) {
        const tag = addressTag(ctx.secret, r.email);
        children.push(mailItem(ctx, site.id, `held:${comment.id}:${tag}`, r.email, heldMail(locale, ctx, site, named!, tag, now), now));
      }
    } else if (s.notifyModerators === 'digest') {
      const period = s.digestMinutes * 60_000;
      const start = Math.floor(comment.createdAt / period) * period;
      children.push({ kind: 'digest', site: site.id, key: `digest:${site.id}:${period}:${start}`, payload: { from: start, to: start + period }, runAt: start + period, createdAt: now });
    }
  }

  if (!s.replyNotifications) return children;
  if (ev.event === 'comment.created' && ev.notifyReplies) {
    await store.notify.addWatch({ commentId: comment.id, site: site.id, email: comment.authorEmail, threadId: await threadRoot(store, comment), createdAt: comment.createdAt });
    // Read again after the watch is stored: an approval fanned out meanwhile (another worker)
    // may have looked for the watch too early, and then this pass must ask for the confirmation.
    comment = (await store.getComment(comment.id)) ?? comment;
  }
  // Nothing reaches a reader before one of their comments is approved: the form cannot mail strangers.
  if (comment.status === 'approved') {
    const watch = await store.notify.getWatch(comment.id);
    if (watch) {
      const { subscriber, confirm } = await store.notify.requestSubscription(site.id, watch.email, watch.createdAt, newId(now));
      if (confirm) {
        const unsub = unsubscribeLink(ctx, subscriber.id, watch.threadId);
        const [named] = await withPageNames(store, [comment], 'readers');
        const content = confirmMail(locale, named!, confirmLink(ctx, subscriber.id, subscriber.round), unsub);
        children.push(
          mailItem(ctx, site.id, `confirm:${subscriber.id}:${subscriber.round}`, watch.email, content, now, {
            headers: listHeaders(unsub),
            quotaKey: `reader:${addressTag(ctx.secret, watch.email)}`,
            reader: { subscriber: subscriber.id, thread: watch.threadId, requires: 'subscribed' },
          }),
        );
      }
    }
  }
  if (ev.to === 'approved' && comment.status === 'approved' && comment.parentId) {
    const parent = await store.getComment(comment.parentId);
    const watch = parent ? await store.notify.getWatch(parent.id) : null;
    // Never for their own replies.
    if (parent && watch && watch.email !== comment.authorEmail) {
      const sub = await store.notify.findSubscriber(site.id, watch.email);
      if (sub?.state === 'confirmed' && !(await store.notify.isThreadMuted(sub.id, watch.threadId))) {
        const unsub = unsubscribeLink(ctx, sub.id, watch.threadId);
        const [namedParent, namedReply] = await withPageNames(store, [parent, comment], 'readers');
        children.push(
          mailItem(ctx, site.id, `reply:${comment.id}:${parent.id}`, watch.email, replyMail(locale, site, namedParent!, namedReply!, unsub), now, {
            headers: listHeaders(unsub),
            quotaKey: `reader:${addressTag(ctx.secret, watch.email)}`,
            reader: { subscriber: sub.id, thread: watch.threadId, requires: 'confirmed' },
          }),
        );
      }
    }
  }
  return children;
}
