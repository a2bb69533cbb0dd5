/**
 * The load generator, run in its own process (see http.ts): autocannon against
 * one URL, GET or a held POST with a distinct client address, email and text
 * per request so rate limits, flood and duplicate checks never refuse one.
 * It exits when its parent disconnects.
 */
import autocannon from 'autocannon';

export interface LoadSpec {
  url: string;
  seconds: number;
  connections: number;
  /** POST /api/comments to this site/page; otherwise GET `url` */
  post?: { site: string; page: string; tag: number };
  headers?: Record<string, string>;
}

export interface LoadResult {
  reqPerSec: number;
  p50ms: number;
  p99ms: number;
  requests: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}

// One process serves every load of a bench run, one spec at a time (so its start-up is paid once).
process.on('message', async (spec: LoadSpec) => {
  try {
    let n = 0;
    const opts: autocannon.Options = { url: spec.url, duration: spec.seconds, connections: spec.connections, headers: spec.headers };
    if (spec.post) {
      const { site, page, tag } = spec.post;
      opts.method = 'POST';
      opts.setupClient = (client) => {
        const next = () => {
          n += 1;
          client.setHeaders({ ...spec.headers, 'content-type': 'application/json', 'x-forwarded-for': `10.${tag & 255}.${(n >> 8) & 255}.${n & 255}` });
          client.setBody(JSON.stringify({ site, page, name: `قارئ ${n}`, email: `p${tag}-${n}@bench.example`, content: `تعليق للقياس رقم ${n} من الدفعة ${tag}` }));
        };
        next();
        client.on('response', next);
      };
    }
    const r = await autocannon(opts);
    const result: LoadResult = {
      reqPerSec: Math.round(r.requests.average),
      p50ms: r.latency.p50,
      p99ms: r.latency.p99,
      requests: r.requests.total,
      errors: r.errors,
      timeouts: r.timeouts,
      non2xx: r.non2xx,
    };
    process.send!({ result });
  } catch (e) {
    process.send!({ error: String(e) });
  }
});

process.on('disconnect', () => process.exit(0));
