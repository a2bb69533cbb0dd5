import { expect } from 'vitest';

/** Sends one POST /api/comments to one of the servers (index i picks which) and returns status and body. */
export type Poster = (i: number, body: Record<string, unknown>, headers?: Record<string, string>) => Promise<{ status: number; body: any }>;

const tally = (statuses: number[]) => statuses.reduce<Record<number, number>>((t, s) => ({ ...t, [s]: (t[s] ?? 0) + 1 }), {});

/**
 * Race scenarios of issue 8 point 4, each run `trials` times with `width`
 * concurrent requests spread over the servers. Every trial uses its own
 * page, texts and client address, so trials never interfere.
 */
export const races = {
  /** The same comment sent `width` times at once: one 201, the rest 409. */
  async duplicates(post: Poster, site: string, trials: number, width: number, tag: string): Promise<void> {
    for (let t = 0; t < trials; t++) {
      const body = { site, page: `/${tag}/dup/${t}`, name: 'Ahmed Ali', email: `dup${t}@race.example`, content: `Hello There Friends ${t}` };
      const res = await Promise.all(Array.from({ length: width }, (_, i) => post(i, body, { 'x-forwarded-for': ip(tag, 1, t) })));
      expect(tally(res.map((r) => r.status)), `trial ${t}`).toEqual({ 201: 1, 409: width - 1 });
    }
  },

  /** `width` different comments from one address at once, inside the flood window: one 201, the rest 429 with Retry-After. */
  async flood(post: Poster, site: string, trials: number, width: number, tag: string): Promise<void> {
    for (let t = 0; t < trials; t++) {
      const res = await Promise.all(
        Array.from({ length: width }, (_, i) =>
          post(i, { site, page: `/${tag}/flood/${t}`, name: `N${i}`, email: `f${t}-${i}@race.example`, content: `رسالة ${t}-${i}` }, { 'x-forwarded-for': ip(tag, 2, t) }),
        ),
      );
      expect(tally(res.map((r) => r.status)), `trial ${t}`).toEqual({ 201: 1, 429: width - 1 });
    }
  },

  /** One Idempotency-Key, the same body `width` times at once: one comment, every answer the same 201. */
  async sameKeySameBody(post: Poster, site: string, trials: number, width: number, tag: string): Promise<void> {
    for (let t = 0; t < trials; t++) {
      const body = { site, page: `/${tag}/idem/${t}`, name: 'Sara', email: `idem${t}@race.example`, content: `مرة واحدة ${t}` };
      const headers = { 'x-forwarded-for': ip(tag, 3, t), 'idempotency-key': `same-body-${tag}-${t}` };
      const res = await Promise.all(Array.from({ length: width }, (_, i) => post(i, body, headers)));
      expect(res.map((r) => r.status), `trial ${t}`).toEqual(Array(width).fill(201));
      const ids = new Set(res.map((r) => r.body.comment.id));
      const tokens = new Set(res.map((r) => r.body.editToken));
      expect([ids.size, tokens.size], `trial ${t}`).toEqual([1, 1]);
    }
  },

  /** One Idempotency-Key with two different bodies at once: one 201, the other 422 idempotency_mismatch with nothing of the first. */
  async sameKeyOtherBody(post: Poster, site: string, trials: number, tag: string): Promise<void> {
    for (let t = 0; t < trials; t++) {
      const headers = { 'x-forwarded-for': ip(tag, 4, t), 'idempotency-key': `other-body-${tag}-${t}` };
      const bodies = [0, 1].map((k) => ({ site, page: `/${tag}/mismatch/${t}`, name: `P${k}`, email: `p${k}-${t}@race.example`, content: `نص ${k} ${t}` }));
      const res = await Promise.all(bodies.map((b, i) => post(i, b, headers)));
      expect(res.map((r) => r.status).sort(), `trial ${t}`).toEqual([201, 422]);
      const lost = res.find((r) => r.status === 422)!;
      expect(lost.body.error).toBe('idempotency_mismatch');
      expect(JSON.stringify(lost.body)).not.toMatch(/editToken|comment/);
    }
  },
};

/** A distinct client address per scenario and trial, so per-address limits never mix trials. */
function ip(tag: string, scenario: number, trial: number): string {
  const net = [...tag].reduce((n, ch) => (n * 31 + ch.charCodeAt(0)) % 50, 0);
  return `10.${net * 5 + scenario}.${Math.floor(trial / 250)}.${(trial % 250) + 1}`;
}
