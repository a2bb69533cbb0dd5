/**
 * Fan-out clients, in their own process: moderator sockets (one shared session
 * cookie) listening for `comment:new`, reader sockets joined to pages listening
 * for `comment:approved`. Each arrival time is kept per comment id; once the
 * poster's 201 times arrive, latencies and delivery counts are computed here.
 */
import { io as connect, type Socket } from 'socket.io-client';

interface Input {
  url: string;
  cookie: string;
  moderators: number;
  readers: number;
  pages: string[];
}

const arrivals = { mod: new Map<string, number[]>(), reader: new Map<string, number[]>() };
const now = () => performance.timeOrigin + performance.now();
const note = (kind: 'mod' | 'reader', id: string) => {
  const map = arrivals[kind];
  let a = map.get(id);
  if (!a) map.set(id, (a = []));
  a.push(now());
};
const sockets: Socket[] = [];

async function open(url: string, opts: Parameters<typeof connect>[1], onReady: (s: Socket) => Promise<void> | void): Promise<void> {
  const s = connect(url, { transports: ['websocket'], reconnection: false, ...opts });
  sockets.push(s);
  await new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve());
    s.once('connect_error', reject);
  });
  await onReady(s);
}

process.on('message', async (m: any) => {
  try {
    if (m.start) {
      const input = m.start as Input;
      const jobs: Array<Promise<void>> = [];
      for (let i = 0; i < input.moderators; i++) {
        jobs.push(open(`${input.url}/moderation`, { extraHeaders: { cookie: input.cookie } }, (s) => void s.on('comment:new', (c: { id: string }) => note('mod', c.id))));
      }
      for (let i = 0; i < input.readers; i++) {
        const page = input.pages[i % input.pages.length]!;
        jobs.push(
          open(input.url, {}, async (s) => {
            s.on('comment:approved', (c: { id: string }) => note('reader', c.id));
            const ack = (await s.timeout(30_000).emitWithAck('join', { site: 'bench', page })) as { ok: boolean };
            if (!ack.ok) throw new Error(`join ${JSON.stringify(ack)}`);
          }),
        );
        if (jobs.length % 100 === 0) await Promise.all(jobs.slice(-100));
      }
      await Promise.all(jobs);
      process.send!({ ready: true });
    } else if (m.finish) {
      // { id: [t201, moderators expected, readers expected] }
      const sent = m.finish as Record<string, [number, number, number]>;
      let expected = 0;
      let delivered = 0;
      const lat = { mod: [] as number[], reader: [] as number[] };
      for (const [id, [t201, mods, readers]] of Object.entries(sent)) {
        expected += mods + readers;
        for (const [kind, exp] of [['mod', mods], ['reader', readers]] as const) {
          const a = arrivals[kind].get(id) ?? [];
          delivered += Math.min(a.length, exp);
          for (const t of a) lat[kind].push(Math.max(0, t - t201));
        }
      }
      const summary = (xs: number[]) => {
        xs.sort((x, y) => x - y);
        const pct = (p: number) => (xs.length ? +xs[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!.toFixed(1) : NaN);
        return { p50ms: pct(50), p99ms: pct(99), maxms: pct(100) };
      };
      for (const s of sockets) s.disconnect();
      process.send!({ done: { expected, delivered, commentNew: summary(lat.mod), readerApproved: summary(lat.reader) } }, () => process.exit(0));
    }
  } catch (e) {
    process.send!({ error: String(e) }, () => process.exit(1));
  }
});
