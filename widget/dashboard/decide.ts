import { serverNow } from '../shared/server-clock.js';
import { ApiError, type Api } from './api.js';
import type { I18n, Key } from './i18n/i18n.js';
import type { LiveController, ModerateAck } from './live-controller.js';
import { lastDecider } from './queue-model.js';
import type { DashAction } from './reader-signals/model.js';
import type { ModeratorComment } from './types.js';

/** What became of one decision: the comment as the server now has it, and a message when it did not go through. */
export type Outcome = { ok: true; comment: ModeratorComment } | { ok: false; comment?: ModeratorComment; notice: string };

/** The same decision over HTTP, for when the live connection is down. */
async function viaHttp(api: Api, c: ModeratorComment, action: DashAction): Promise<ModerateAck> {
  try {
    const res = await api.send<{ comment: ModeratorComment }>('POST', `/api/moderation/comments/${encodeURIComponent(c.id)}/actions`, {
      action,
      version: c.version,
    });
    return { ok: true, comment: res.comment };
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    return { ok: false, error: e.code, message: e.message, comment: e.body.comment as ModeratorComment | undefined };
  }
}

/**
 * Decides on one comment through the socket's `moderate` event (over HTTP when
 * offline), sending the version the moderator saw. A lost race comes back with
 * the winner's state and says who decided.
 */
export async function decide(
  deps: { live: LiveController; api: Api; i18n: I18n },
  c: ModeratorComment,
  action: DashAction,
): Promise<Outcome> {
  const t = deps.i18n;
  let ack: ModerateAck;
  try {
    ack = deps.live.connected ? await deps.live.moderate({ id: c.id, action, version: c.version }) : await viaHttp(deps.api, c, action);
  } catch (e) {
    return { ok: false, notice: t.t('actionFailed', { message: (e as Error).message }) };
  }
  if (ack.ok) return { ok: true, comment: ack.comment };
  if (ack.error === 'conflict') {
    // Who won and when, from the winner's history entry: «وافق عليه خالد قبل ٣ ثوانٍ».
    const who = ack.comment && lastDecider(ack.comment);
    const notice = who
      ? t.t('conflictWhen', { decision: t.t(`decided_${who.to}` as Key, { name: who.name }), when: t.since(who.at, serverNow()) })
      : t.t('conflictUnknown');
    return { ok: false, comment: ack.comment, notice };
  }
  return { ok: false, comment: ack.comment, notice: t.t('actionFailed', { message: ack.message ?? ack.error }) };
}
