import { applicableRule } from '../../rules/match.js';
import type { ModerationRule } from '../../rules/types.js';
import type { Phase, PhaseContext } from '../types.js';

/** One rule lookup per submission, shared by the two rule phases. */
const found = new WeakMap<PhaseContext, Promise<ModerationRule | null>>();
function ruleFor(ctx: PhaseContext): Promise<ModerationRule | null> {
  let p = found.get(ctx);
  if (!p) {
    const { candidate: c, store, now } = ctx;
    p = store.listRules(c.site.id, now).then((rules) => applicableRule(rules, { email: c.email, ip: c.ip }, now));
    found.set(ctx, p);
  }
  return p;
}

const reasonOf = (r: ModerationRule) => ({ code: `rule_${r.action}`, params: { kind: r.kind, rule: r.id, ...(r.note ? { note: r.note } : {}) } });

/**
 * The site's block and hold rules (server/rules): block → spam, silently, with the
 * rule as the reason (the poster is told "awaiting moderation" as for any held
 * comment, so a blocked abuser learns nothing); hold → pending whatever follows.
 * Runs before the bot traps and word checks, after the refusals and the moderator shortcut.
 */
export const blockHoldRulesPhase: Phase = {
  name: 'rules-block-hold',
  async run(ctx) {
    const r = await ruleFor(ctx);
    if (!r || r.action === 'trust') return undefined;
    return { status: r.action === 'block' ? 'spam' : 'pending', reason: reasonOf(r) };
  },
};

/**
 * The site's trust rules: approved at once, skipping the hold checks (hold-all, links,
 * moderation words, first comment). Runs after the bot traps and disallowed words, whose
 * spam or trash still win (the pipeline never lets an approval undo an earlier decision).
 */
export const trustRulesPhase: Phase = {
  name: 'rules-trust',
  async run(ctx) {
    const r = await ruleFor(ctx);
    return r?.action === 'trust' ? { status: 'approved', final: true } : undefined;
  },
};
