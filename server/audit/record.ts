import type { Moderator } from '../domain/types.js';
import { randomBytes } from 'node:crypto';
import type { Deps } from '../usecases/context.js';
import type { AuditEntry } from './types.js';

type AuditDeps = Pick<Deps, 'store' | 'clock' | 'logger'>;

let seq = 0;
/** Sorts by time, then by order of recording within this process (entries of one millisecond keep their order). */
function auditId(at: number): string {
  seq = (seq + 1) % 36 ** 4;
  return `${at.toString(36).padStart(10, '0')}${seq.toString(36).padStart(4, '0')}${randomBytes(4).toString('hex')}`;
}

/**
 * Records one change in the audit log. Never throws: a failed audit write is logged
 * (error level) and the change it describes stands. Other features (imports, settings)
 * call this too.
 */
export async function recordAudit(deps: AuditDeps, by: Pick<Moderator, 'id' | 'name'> | null, e: Omit<AuditEntry, 'id' | 'at' | 'by'>): Promise<void> {
  const at = deps.clock();
  try {
    await deps.store.appendAudit({ id: auditId(at), at, by: by ? { id: by.id, name: by.name } : null, ...e });
  } catch (err) {
    deps.logger.error({ err, action: e.action }, 'audit entry not recorded');
  }
}

/** Decisions are recorded from the domain event (HTTP and socket decisions alike), once, in the process that made them. */
export function attachAudit(deps: AuditDeps & Pick<Deps, 'bus'>): () => void {
  return deps.bus.subscribe('comment:status-changed', (c, from) => {
    const last = c.history[c.history.length - 1];
    void recordAudit(deps, last?.by ?? null, { site: c.site, action: `comment.${c.status}`, target: c.id, before: { status: from }, after: { status: c.status } });
  });
}
