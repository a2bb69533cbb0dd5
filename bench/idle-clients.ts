/** Idle reader sockets, in their own process: connect N, join a page each, then hold them until told to close. */
import { io as connect, type Socket } from 'socket.io-client';

const sockets: Socket[] = [];

process.on('message', async (m: any) => {
  try {
    if (m.start) {
      const { url, count, pages } = m.start as { url: string; count: number; pages: number };
      const one = async (i: number) => {
        const s = connect(url, { transports: ['websocket'], reconnection: false });
        sockets.push(s);
        await new Promise<void>((resolve, reject) => {
          s.once('connect', () => resolve());
          s.once('connect_error', reject);
        });
        const ack = (await s.timeout(60_000).emitWithAck('join', { site: 'bench', page: `/idle/${i % pages}` })) as { ok: boolean };
        if (!ack.ok) throw new Error(`join ${JSON.stringify(ack)}`);
      };
      for (let i = 0; i < count; i += 200) await Promise.all(Array.from({ length: Math.min(200, count - i) }, (_, k) => one(i + k)));
      process.send!({ ready: sockets.filter((s) => s.connected).length });
    } else if (m.close) {
      for (const s of sockets) s.disconnect();
      process.send!({ done: true }, () => process.exit(0));
    }
  } catch (e) {
    process.send!({ error: String(e) }, () => process.exit(1));
  }
});
